package com.misybot.hub.pipelines.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.bus.InvalidEnvelopeException;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.pipelines.ViralizationRuns;
import com.misybot.hub.platform.Failures;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.SqlFiles;
import com.misybot.hub.privacy.Consents;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rounds of every campaign. Route {@code campaign-rounds} (one replica: ShedLock {@value #LOCK}) ends the
 * campaigns past their end and puts a {@value #ROUND} event for each due round on campaign-orchestrator's queue,
 * through the outbox, with an id derived from the campaign and the round, so a round is sent once. The agent's route
 * ({@code direct:campaign-round}) then plans the round in one transaction: per session whose owner granted
 * {@value #CONSENT} consent (the others are skipped with the reason) and platform, a variant chosen by Thompson
 * sampling over the campaign's observed rates, stored with a run id before anything starts; the paid boost of the
 * round split over the platforms ({@link BoostAllocator}), each allocation audited. Then it launches every planned
 * run of the campaign through {@code direct:viralization-launch}: a run launched before a crash is not launched
 * again, since its id and saga exist.
 */
@Service("campaignRounds")
public class CampaignRounds {

    public static final String AGENT = "campaign-orchestrator";
    public static final String ROUND = "campaign.round";
    /** The consent a session's owner must have granted for the session to take part. */
    public static final String CONSENT = "marketing";
    private static final String LOCK = "campaign-rounds";
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRounds.class);
    private static final String STATS = SqlFiles.load("campaign-arm-stats.sql");
    private static final String OWNER = SqlFiles.load("pipeline-session-owner.sql");
    private static final String DECIDE = "INSERT INTO campaign_decision (campaign_id, round, kind, session_id, "
            + "platform, subject, reason, detail) VALUES (:id, :round, :kind, :session, :platform, :subject, :reason, "
            + "CAST(:detail AS jsonb))";
    private static final TypeReference<List<CampaignProperties.Variant>> VARIANTS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Long>> CAPS = new TypeReference<>() {
    };

    /** What handling one round message did. */
    public record Outcome(String campaignId, int round, boolean planned, int launched, int failed) {
    }

    /** A campaign row as a round reads it. */
    record Campaign(UUID id, String createdBy, String goal, String brief, List<String> sessions,
                    List<String> platforms, List<CampaignProperties.Variant> variants, Long budgetCents,
                    Long perRoundCents, Map<String, Long> dailyCapCents, String status, int rounds,
                    Instant nextRoundAt, Instant endsAt, Duration cadence, boolean due, Instant dbNow) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final AnalyticsFeed outbox;
    private final Consents consents;
    private final AuditLog audit;
    private final ProducerTemplate producer;
    private final CampaignProperties properties;
    private final LockingTaskExecutor locks;
    private final VariantBandit bandit = new VariantBandit();

    public CampaignRounds(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json,
                          AnalyticsFeed outbox, Consents consents, AuditLog audit, ProducerTemplate producer,
                          CampaignProperties properties, DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.outbox = outbox;
        this.consents = consents;
        this.audit = audit;
        this.producer = producer;
        this.properties = properties;
        this.locks = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider
                .Configuration.builder().withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build()));
    }

    /** Route campaign-rounds: ends what is over, sends the due rounds and re-sends stale ones; the count sent. */
    public int tick() throws Throwable {
        LockingTaskExecutor.TaskResult<Integer> result = locks.executeWithLock(this::sendDue,
                new LockConfiguration(Instant.now(), LOCK, Duration.ofMinutes(5), Duration.ZERO));
        return result.wasExecuted() && result.getResult() != null ? result.getResult() : 0;
    }

    private int sendDue() {
        tx.executeWithoutResult(status -> jdbc.query("UPDATE campaign SET status = 'ended', updated_at = now(), "
                + "version = version + 1 WHERE status IN ('scheduled', 'running') AND (ends_at <= now() OR rounds >= "
                + ":max) RETURNING id, rounds, ends_at <= now() AS over", Map.of("max", properties.maxRounds()),
                (ResultSet rs) -> {
                    decide(jdbc, rs.getObject("id", UUID.class), rs.getInt("rounds"), "end", null, null, null,
                            rs.getBoolean("over") ? "the campaign's end was reached"
                                    : "the hub's most rounds per campaign (hub.campaigns.max-rounds) were run", null);
                }));
        int sent = 0;
        // a round's id holds the time bucket too: a round message lost (in-JVM queue at a crash), dead-lettered or
        // handled while not yet due is sent again in the next bucket; planning it twice is refused by plan()
        long bucket = Instant.now().toEpochMilli() / Math.max(1, properties.resumeAfter().toMillis());
        for (Map<String, Object> due : jdbc.queryForList("SELECT id, rounds FROM campaign WHERE status IN "
                + "('scheduled', 'running') AND next_round_at <= now() ORDER BY next_round_at LIMIT 500", Map.of())) {
            int round = ((Number) due.get("rounds")).intValue() + 1;
            sent += send((UUID) due.get("id"), round, "campaign-round:" + due.get("id") + ":" + round + ":" + bucket);
        }
        // a round whose launches are still planned long after (its message was lost with an in-JVM queue, or the
        // agent was paused) is sent again, at most once per resume-after
        for (Map<String, Object> stale : jdbc.queryForList("SELECT campaign_id, max(round) AS round FROM "
                + "campaign_launch WHERE status = 'planned' AND created_at < now() - make_interval(secs => :secs) "
                + "GROUP BY campaign_id", Map.of("secs", properties.resumeAfter().toSeconds()))) {
            sent += send((UUID) stale.get("campaign_id"), ((Number) stale.get("round")).intValue(),
                    "campaign-resume:" + stale.get("campaign_id") + ":" + stale.get("round") + ":" + bucket);
        }
        return sent;
    }

    private int send(UUID campaign, int round, String key) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("campaignId", campaign.toString());
        payload.put("round", round);
        outbox.write(outbox.eventFor(AGENT, ROUND, UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)),
                payload));
        return 1;
    }

    /**
     * Route campaign-round (from the agent's queue): plans round {@code round} when it is the campaign's next and
     * due, then launches every planned run of the campaign. A redelivered or repeated message plans nothing twice.
     * A run refused for good (its session deleted, a platform no longer configured) is marked failed; any other
     * failure leaves the run planned and fails the message, so the bus retries it.
     */
    public Outcome round(Envelope envelope) {
        Map<String, Object> payload = envelope.payload() == null ? Map.of() : envelope.payload();
        UUID id;
        int round;
        try {
            id = UUID.fromString(String.valueOf(payload.get("campaignId")));
            round = Integer.parseInt(String.valueOf(payload.get("round")));
        } catch (IllegalArgumentException e) {
            throw new InvalidEnvelopeException(List.of("/payload: a campaign.round event needs campaignId (uuid) and "
                    + "round (integer), got " + payload));
        }
        Boolean planned = tx.execute(status -> plan(id, round));
        int launched = 0;
        int failed = 0;
        RuntimeException retry = null;
        for (Map<String, Object> launch : jdbc.queryForList("SELECT l.run_id, l.round, l.session_id, l.platform, "
                + "l.variant, l.boost_cents, c.created_by, c.brief, c.variants::text AS variants "
                + "FROM campaign_launch l JOIN campaign c ON c.id = l.campaign_id WHERE l.campaign_id = :id "
                + "AND l.status = 'planned' ORDER BY l.round, l.session_id, l.platform", Map.of("id", id))) {
            UUID runId = (UUID) launch.get("run_id");
            // read again for each run: a stop or a withdrawn consent while earlier runs started holds at once
            String refused = refusal(id, (String) launch.get("session_id"));
            if (refused != null) {
                failed += fail(id, launch, refused);
                continue;
            }
            try {
                // block=false: with the launcher stopped the run stays planned and the bus retries the round
                producer.requestBody("direct:viralization-launch?block=false", launch(id, launch));
                launched += mark(runId, "launched", null);
            } catch (RuntimeException e) {
                if (permanent(Failures.root(e))) {
                    failed += fail(id, launch, Failures.message(e));
                } else if (retry == null) {
                    retry = new IllegalStateException("Run " + runId + " of campaign " + id + " did not start: "
                            + Failures.message(e), e);
                }
            }
        }
        if (retry != null) {
            throw retry;
        }
        return new Outcome(id.toString(), round, Boolean.TRUE.equals(planned), launched, failed);
    }

    /** Why a planned run of {@code campaign} in {@code session} must not start now, or null. */
    private String refusal(UUID campaign, String session) {
        List<String> status = jdbc.queryForList("SELECT status FROM campaign WHERE id = :id", Map.of("id", campaign),
                String.class);
        if (status.isEmpty() || "stopped".equals(status.get(0))) {
            return "the campaign was stopped before this run started";
        }
        String excluded = excluded(session);
        return excluded == null ? null : excluded + " before this run started";
    }

    /** Why {@code session} takes no part in a campaign now (deleted, or its owner without consent), or null. */
    private String excluded(String session) {
        List<String> owners = jdbc.queryForList(OWNER, Map.of("sessionId", session), String.class);
        if (owners.isEmpty()) {
            return "the session was deleted";
        }
        return consents.granted(owners.get(0), CONSENT) ? null
                : "the session's owner has not granted " + CONSENT + " consent";
    }

    /**
     * A refusal that will not pass by retrying: a client-side problem (the session is gone, a platform is no longer
     * configured), not a timeout or a rate limit; everything else (the launcher stopped, the database away) may.
     */
    static boolean permanent(Throwable cause) {
        if (!(cause instanceof ProblemException problem)) {
            return false;
        }
        int status = problem.type().status();
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /**
     * Marks a planned run failed and gives its boost back: the platform's boost of that round shrinks by the run's
     * share, so the budget and the day's cap count only what runs that started received.
     */
    private int fail(UUID campaign, Map<String, Object> launch, String reason) {
        long boost = ((Number) launch.get("boost_cents")).longValue();
        Integer marked = tx.execute(status -> {
            int n = mark((UUID) launch.get("run_id"), "failed", reason);
            if (n == 1 && boost > 0) {
                jdbc.update("UPDATE campaign_boost SET amount_cents = amount_cents - :boost, reason = reason || :note "
                        + "WHERE campaign_id = :id AND round = :round AND platform = :platform",
                        new MapSqlParameterSource("id", campaign).addValue("round", launch.get("round"))
                                .addValue("platform", launch.get("platform")).addValue("boost", boost)
                                .addValue("note", "; " + boost + " cents given back: a run did not start"));
                jdbc.update("UPDATE campaign_launch SET boost_cents = 0 WHERE run_id = :runId",
                        Map.of("runId", launch.get("run_id")));
            }
            return n;
        });
        return marked == null ? 0 : marked;
    }

    private ViralizationRuns.Launch launch(UUID campaign, Map<String, Object> row) {
        String variant = (String) row.get("variant");
        List<CampaignProperties.Variant> variants = read((String) row.get("variants"), VARIANTS);
        Map<String, Object> parameters = new LinkedHashMap<>(variants.stream().filter(v -> v.name().equals(variant))
                .findFirst().map(CampaignProperties.Variant::parameters).orElse(Map.of()));
        long boost = ((Number) row.get("boost_cents")).longValue();
        if (boost > 0) {
            parameters.put("boostCents", boost);
        }
        Object hour = parameters.get("postingHourUtc");
        // the first free calendar slot at or after the hour: runs of one owner that drew it do not collide
        String notBefore = hour instanceof Number n ? nextHour(Instant.now(), n.intValue()).toString() : null;
        return new ViralizationRuns.Launch(row.get("run_id").toString(), (String) row.get("session_id"),
                (String) row.get("created_by"), (String) row.get("brief"), List.of((String) row.get("platform")),
                notBefore, false, "campaign", campaign.toString(), variant, parameters);
    }

    /** The first instant after {@code now} at {@code hour}:00 UTC. */
    static Instant nextHour(Instant now, int hour) {
        ZonedDateTime at = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).withHour(hour);
        return (at.toInstant().isAfter(now) ? at : at.plusDays(1)).toInstant();
    }

    private int mark(UUID runId, String status, String error) {
        return jdbc.update("UPDATE campaign_launch SET status = :status, error = :error, launched_at = CASE WHEN "
                + ":status = 'launched' THEN now() END WHERE run_id = :runId AND status = 'planned'",
                new MapSqlParameterSource("runId", runId).addValue("status", status).addValue("error", error));
    }

    /** In the round's transaction: true when round {@code round} was planned now. */
    private boolean plan(UUID id, int round) {
        // due and open judged by the database's clock, like the tick that sent the round
        List<Campaign> found = jdbc.query("SELECT *, variants::text AS variants_json, sessions::text AS "
                + "sessions_json, platforms::text AS platforms_json, daily_cap_cents::text AS caps_json, "
                + "next_round_at <= now() AND ends_at > now() AS due, now() AS db_now FROM campaign WHERE id = :id "
                + "FOR UPDATE", Map.of("id", id), this::campaign);
        if (found.isEmpty()) {
            return false;
        }
        Campaign campaign = found.get(0);
        if (!List.of("scheduled", "running").contains(campaign.status()) || round != campaign.rounds() + 1
                || !campaign.due()) {
            return false;
        }
        Instant now = campaign.dbNow();
        Map<String, Map<String, long[]>> stats = stats(campaign);
        List<VariantBandit.Arm> arms = arms(campaign, stats);
        Map<String, Integer> launchesPerPlatform = new TreeMap<>();
        // a generator of the round's own (Commons Math generators are not thread-safe), seeded by the JDK
        RandomGenerator rng = new Well19937c(new java.security.SecureRandom().nextLong());
        List<Object[]> planned = new ArrayList<>();
        int skipped = 0;
        for (String session : campaign.sessions()) {
            String reason = excluded(session);
            if (reason != null) {
                decide(jdbc, id, round, "skip", session, null, null, reason, null);
                skipped++;
                continue;
            }
            for (String platform : campaign.platforms()) {
                VariantBandit.Choice choice = bandit.choose(arms, rng);
                UUID runId = UUID.randomUUID();
                planned.add(new Object[] {session, platform, runId, choice.chosen().name()});
                launchesPerPlatform.merge(platform, 1, Integer::sum);
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("draws", choice.draws());
                detail.put("posteriorMeans", choice.posteriorMeans());
                Map<String, Object> observed = new LinkedHashMap<>();
                arms.forEach(a -> observed.put(a.name(), Map.of("trials", a.trials(), "successes", a.successes())));
                detail.put("observed", observed);
                detail.put("runId", runId.toString());
                decide(jdbc, id, round, "variant", session, platform, choice.chosen().name(), reason(choice, arms),
                        write(detail));
            }
        }
        // the boost is computed now, written after the launches: its audit record takes the audit log's lock until
        // the round commits, so it comes last
        List<BoostAllocator.Allocation> allocations = allocate(campaign, stats, launchesPerPlatform);
        Map<String, Long> boosts = new HashMap<>();
        allocations.forEach(a -> boosts.put(a.platform(), a.amountCents()));
        Map<String, Integer> given = new HashMap<>();
        for (Object[] launch : planned) {
            String platform = (String) launch[1];
            long total = boosts.getOrDefault(platform, 0L);
            int n = launchesPerPlatform.get(platform);
            int index = given.merge(platform, 1, Integer::sum) - 1;
            // the platform's boost split over its launches of the round, the remainder cent by cent to the first
            long share = total / n + (index < total % n ? 1 : 0);
            jdbc.update("INSERT INTO campaign_launch (campaign_id, round, session_id, platform, run_id, variant, "
                    + "boost_cents, status) VALUES (:id, :round, :session, :platform, :runId, :variant, :boost, "
                    + "'planned')", new MapSqlParameterSource("id", id).addValue("round", round)
                    .addValue("session", launch[0]).addValue("platform", platform).addValue("runId", launch[2])
                    .addValue("variant", launch[3]).addValue("boost", share));
        }
        record(campaign, round, allocations);
        decide(jdbc, id, round, "round", null, null, null, "round " + round + ": " + planned.size() + " run(s) planned"
                + (skipped > 0 ? ", " + skipped + " session(s) skipped" : ""), null);
        jdbc.update("UPDATE campaign SET rounds = :round, status = 'running', next_round_at = :next, updated_at = "
                + "now(), version = version + 1 WHERE id = :id", new MapSqlParameterSource("id", id)
                .addValue("round", round).addValue("next", java.sql.Timestamp.from(now.plus(campaign.cadence()))));
        return true;
    }

    private static String reason(VariantBandit.Choice choice, List<VariantBandit.Arm> arms) {
        StringBuilder text = new StringBuilder("Thompson sampling: ").append(choice.chosen().name())
                .append(" drew the highest rate (");
        List<String> parts = new ArrayList<>();
        for (VariantBandit.Arm arm : arms) {
            parts.add(String.format(java.util.Locale.ROOT, "%s drew %.4f, mean %.4f over %d views", arm.name(),
                    choice.draws().get(arm.name()), choice.posteriorMeans().get(arm.name()), arm.trials()));
        }
        return text.append(String.join("; ", parts)).append(')').toString();
    }

    /** Per variant, per platform: {launches, trials, successes}. */
    private Map<String, Map<String, long[]>> stats(Campaign campaign) {
        Map<String, Map<String, long[]>> stats = new HashMap<>();
        jdbc.query(STATS, new MapSqlParameterSource("id", campaign.id()).addValue("goal", campaign.goal()),
                (ResultSet rs) -> {
                    stats.computeIfAbsent(rs.getString("variant"), k -> new HashMap<>()).put(rs.getString("platform"),
                            new long[] {rs.getLong("launches"), rs.getLong("trials"), rs.getLong("successes")});
                });
        return stats;
    }

    /** One arm per variant of the campaign (in its order), over every platform. */
    static List<VariantBandit.Arm> arms(Campaign campaign, Map<String, Map<String, long[]>> stats) {
        List<VariantBandit.Arm> arms = new ArrayList<>();
        for (CampaignProperties.Variant variant : campaign.variants()) {
            long trials = 0;
            long successes = 0;
            for (long[] s : stats.getOrDefault(variant.name(), Map.of()).values()) {
                trials += s[1];
                successes += s[2];
            }
            arms.add(new VariantBandit.Arm(variant.name(), trials, successes));
        }
        return arms;
    }

    /**
     * The round's paid boost: {@code per_round_cents} split over the platforms launched this round, weighted by the
     * posterior mean of each platform's observed rate, within each platform's daily cap and the budget left.
     */
    private List<BoostAllocator.Allocation> allocate(Campaign campaign, Map<String, Map<String, long[]>> stats,
                                                     Map<String, Integer> launchesPerPlatform) {
        if (campaign.budgetCents() == null || campaign.perRoundCents() == null || campaign.perRoundCents() == 0
                || launchesPerPlatform.isEmpty()) {
            return List.of();
        }
        LocalDate today = today(campaign);
        long spent = jdbc.queryForObject("SELECT coalesce(sum(amount_cents), 0) FROM campaign_boost WHERE "
                + "campaign_id = :id", Map.of("id", campaign.id()), Long.class);
        Map<String, Long> spentToday = new HashMap<>();
        jdbc.query("SELECT platform, sum(amount_cents) AS spent FROM campaign_boost WHERE campaign_id = :id AND day = "
                + ":day GROUP BY platform", new MapSqlParameterSource("id", campaign.id())
                .addValue("day", Date.valueOf(today)), (ResultSet rs) -> {
                    spentToday.put(rs.getString("platform"), rs.getLong("spent"));
                });
        Map<String, Double> weights = new TreeMap<>();
        for (String platform : launchesPerPlatform.keySet()) {
            long trials = 0;
            long successes = 0;
            for (Map<String, long[]> byPlatform : stats.values()) {
                long[] s = byPlatform.get(platform);
                if (s != null) {
                    trials += s[1];
                    successes += s[2];
                }
            }
            weights.put(platform, bandit.posteriorMean(new VariantBandit.Arm(platform, trials, successes)));
        }
        return BoostAllocator.allocate(new BoostAllocator.Request(campaign.budgetCents(), spent, spentToday,
                campaign.dailyCapCents() == null ? Map.of() : campaign.dailyCapCents(), campaign.perRoundCents(),
                weights));
    }

    /** Every allocation of the round: a campaign_boost row, a decision with its reason, an audit record. */
    private void record(Campaign campaign, int round, List<BoostAllocator.Allocation> allocations) {
        LocalDate today = today(campaign);
        for (BoostAllocator.Allocation allocation : allocations) {
            jdbc.update("INSERT INTO campaign_boost (campaign_id, round, platform, day, amount_cents, reason) VALUES "
                    + "(:id, :round, :platform, :day, :amount, :reason)", new MapSqlParameterSource("id",
                    campaign.id()).addValue("round", round).addValue("platform", allocation.platform())
                    .addValue("day", Date.valueOf(today)).addValue("amount", allocation.amountCents())
                    .addValue("reason", allocation.reason()));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("amountCents", allocation.amountCents());
            detail.put("budgetCents", campaign.budgetCents());
            decide(jdbc, campaign.id(), round, "boost", null, allocation.platform(), null, allocation.reason(),
                    write(detail));
            detail.put("round", round);
            detail.put("platform", allocation.platform());
            audit.append(AuditEvent.system("campaign.boost", "campaign:" + campaign.id(), detail));
        }
    }

    /** The UTC day a boost counts against, by the database's clock. */
    private static LocalDate today(Campaign campaign) {
        return LocalDate.ofInstant(campaign.dbNow(), ZoneOffset.UTC);
    }

    /** Records one decision of a campaign with its reason (and optional JSON detail). */
    static void decide(NamedParameterJdbcTemplate jdbc, UUID campaign, int round, String kind, String session,
                       String platform, String subject, String reason, String detail) {
        jdbc.update(DECIDE, new MapSqlParameterSource("id", campaign).addValue("round", round).addValue("kind", kind)
                .addValue("session", session).addValue("platform", platform).addValue("subject", subject)
                .addValue("reason", reason).addValue("detail", detail));
    }

    private Campaign campaign(ResultSet rs, int n) throws SQLException {
        String caps = rs.getString("caps_json");
        return new Campaign(rs.getObject("id", UUID.class), rs.getString("created_by"), rs.getString("goal"),
                rs.getString("brief"), read(rs.getString("sessions_json"), NAMES),
                read(rs.getString("platforms_json"), NAMES), read(rs.getString("variants_json"), VARIANTS),
                (Long) rs.getObject("budget_cents"), (Long) rs.getObject("per_round_cents"),
                caps == null ? null : read(caps, CAPS), rs.getString("status"), rs.getInt("rounds"),
                rs.getTimestamp("next_round_at").toInstant(), rs.getTimestamp("ends_at").toInstant(),
                Duration.ofSeconds(rs.getLong("cadence_seconds")), rs.getBoolean("due"),
                rs.getTimestamp("db_now").toInstant());
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A campaign column is not the JSON it should be: " + e.getMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
