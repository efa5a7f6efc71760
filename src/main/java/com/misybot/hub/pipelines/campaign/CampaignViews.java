package com.misybot.hub.pipelines.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.SqlFiles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.math3.random.Well19937c;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A campaign as {@code GET /api/v1/campaigns/{id}} and the agent's answers show it: its state, each variant's
 * launches, observed rate, posterior mean and probability of being the best, the budget spent and left, and the
 * latest launches, boosts and decisions with their reasons.
 */
@Component
public class CampaignViews {

    /** At most this many latest launches, boosts and decisions in a view. */
    static final int LATEST = 200;
    private static final String STATS = SqlFiles.load("campaign-arm-stats.sql");
    /** Monte Carlo draws of P(best); seeded by the campaign, so a view read twice shows the same figures. */
    private static final int DRAWS = 4000;

    public record View(String id, String name, String createdBy, String status, String goal, String brief,
                       JsonNode sessions, JsonNode platforms, Instant startsAt, Instant endsAt, long cadenceSeconds,
                       int rounds, Instant nextRoundAt, String stoppedBy, Map<String, Long> launchesByStatus,
                       List<Arm> variants, Budget budget, List<Launch> launches, List<Boost> boosts,
                       List<Decision> decisions) {
    }

    /** A variant: its parameters, launches (share of all), and what its publications did. */
    public record Arm(String name, JsonNode parameters, long launches, double share, long trials, long successes,
                      Double observedRate, double posteriorMean, double probabilityBest) {
    }

    public record Budget(Long totalCents, Long perRoundCents, JsonNode dailyCapCents, long spentCents,
                         Long leftCents, Map<String, Long> spentTodayCents) {
    }

    public record Launch(int round, String sessionId, String platform, String variant, String runId, String status,
                         long boostCents, String error, Instant createdAt, Instant launchedAt) {
    }

    public record Boost(int round, LocalDate day, String platform, long amountCents, String reason) {
    }

    public record Decision(long id, Instant at, int round, String kind, String sessionId, String platform,
                           String subject, String reason, JsonNode detail) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final VariantBandit bandit = new VariantBandit();

    public CampaignViews(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The campaign {@code id}, or null when there is none. */
    public View view(UUID id) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id::text AS id, name, created_by, status, goal, "
                + "brief, sessions::text AS sessions, platforms::text AS platforms, variants::text AS variants, "
                + "budget_cents, per_round_cents, daily_cap_cents::text AS caps, starts_at, ends_at, "
                + "cadence_seconds, rounds, next_round_at, stopped_by FROM campaign WHERE id = :id", Map.of("id", id));
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> c = rows.get(0);
        MapSqlParameterSource key = new MapSqlParameterSource("id", id).addValue("goal", c.get("goal"));
        Map<String, long[]> perVariant = new HashMap<>();
        jdbc.query(STATS, key, (ResultSet rs) -> {
            long[] sum = perVariant.computeIfAbsent(rs.getString("variant"), k -> new long[3]);
            sum[0] += rs.getLong("launches");
            sum[1] += rs.getLong("trials");
            sum[2] += rs.getLong("successes");
        });
        JsonNode variants = tree((String) c.get("variants"));
        List<VariantBandit.Arm> arms = new ArrayList<>();
        long allLaunches = perVariant.values().stream().mapToLong(s -> s[0]).sum();
        for (JsonNode variant : variants) {
            long[] s = perVariant.getOrDefault(variant.path("name").asText(), new long[3]);
            arms.add(new VariantBandit.Arm(variant.path("name").asText(), s[1], s[2]));
        }
        Map<String, Double> best = bandit.probabilityBest(arms, DRAWS, new Well19937c(id.getMostSignificantBits()
                ^ id.getLeastSignificantBits()));
        List<Arm> armViews = new ArrayList<>();
        int i = 0;
        for (JsonNode variant : variants) {
            VariantBandit.Arm arm = arms.get(i++);
            long launches = perVariant.getOrDefault(arm.name(), new long[3])[0];
            armViews.add(new Arm(arm.name(), variant.path("parameters"), launches, allLaunches == 0 ? 0
                    : (double) launches / allLaunches, arm.trials(), arm.successes(), arm.trials() == 0 ? null
                    : (double) arm.successes() / arm.trials(), bandit.posteriorMean(arm), best.get(arm.name())));
        }
        long spent = jdbc.queryForObject("SELECT coalesce(sum(amount_cents), 0) FROM campaign_boost WHERE "
                + "campaign_id = :id", key, Long.class);
        Map<String, Long> spentToday = new java.util.TreeMap<>();
        jdbc.query("SELECT platform, sum(amount_cents) AS spent FROM campaign_boost WHERE campaign_id = :id AND day = "
                + ":day GROUP BY platform", key.addValue("day", java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC))),
                (ResultSet rs) -> {
                    spentToday.put(rs.getString("platform"), rs.getLong("spent"));
                });
        Long total = (Long) c.get("budget_cents");
        Budget budget = new Budget(total, (Long) c.get("per_round_cents"), c.get("caps") == null ? null
                : tree((String) c.get("caps")), spent, total == null ? null : total - spent, spentToday);
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        jdbc.query("SELECT status, count(*) AS n FROM campaign_launch WHERE campaign_id = :id GROUP BY status", key,
                (ResultSet rs) -> {
                    byStatus.put(rs.getString("status"), rs.getLong("n"));
                });
        List<Launch> launches = jdbc.query("SELECT * FROM campaign_launch WHERE campaign_id = :id ORDER BY round DESC, "
                + "session_id, platform LIMIT " + LATEST, key, (rs, n) -> new Launch(rs.getInt("round"),
                rs.getString("session_id"), rs.getString("platform"), rs.getString("variant"),
                rs.getString("run_id"), rs.getString("status"), rs.getLong("boost_cents"), rs.getString("error"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("launched_at"))));
        List<Boost> boosts = jdbc.query("SELECT * FROM campaign_boost WHERE campaign_id = :id ORDER BY round DESC, "
                + "platform LIMIT " + LATEST, key, (rs, n) -> new Boost(rs.getInt("round"),
                rs.getDate("day").toLocalDate(), rs.getString("platform"), rs.getLong("amount_cents"),
                rs.getString("reason")));
        List<Decision> decisions = jdbc.query("SELECT id, created_at, round, kind, session_id, platform, subject, "
                + "reason, detail::text AS detail FROM campaign_decision WHERE campaign_id = :id ORDER BY id DESC "
                + "LIMIT " + LATEST, key, this::decision);
        return new View((String) c.get("id"), (String) c.get("name"), (String) c.get("created_by"),
                (String) c.get("status"), (String) c.get("goal"), (String) c.get("brief"),
                tree((String) c.get("sessions")), tree((String) c.get("platforms")),
                instant((Timestamp) c.get("starts_at")), instant((Timestamp) c.get("ends_at")),
                ((Number) c.get("cadence_seconds")).longValue(), ((Number) c.get("rounds")).intValue(),
                instant((Timestamp) c.get("next_round_at")), (String) c.get("stopped_by"), byStatus, armViews,
                budget, launches, boosts, decisions);
    }

    private Decision decision(ResultSet rs, int n) throws SQLException {
        String detail = rs.getString("detail");
        return new Decision(rs.getLong("id"), instant(rs.getTimestamp("created_at")), rs.getInt("round"),
                rs.getString("kind"), rs.getString("session_id"), rs.getString("platform"), rs.getString("subject"),
                rs.getString("reason"), detail == null ? null : tree(detail));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A campaign column is not JSON: " + e.getMessage(), e);
        }
    }
}
