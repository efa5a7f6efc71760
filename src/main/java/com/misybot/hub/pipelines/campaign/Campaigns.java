package com.misybot.hub.pipelines.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.pipelines.ViralizationRuns;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import com.misybot.hub.platform.web.Caller;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Campaigns of campaign-orchestrator through the API: created (checked against the caller's sessions and the
 * configured platforms), read with their arms, budget, launches and decisions, listed, and stopped. The rounds
 * themselves are {@link CampaignRounds}'.
 */
@Service("campaigns")
public class Campaigns {

    /** Who reads every campaign: the others read the campaigns they created. */
    private static final List<String> READERS = List.of("operator", "auditor", "superadmin");
    private static final String OWNER = SqlFiles.load("pipeline-session-owner.sql");
    private static final String INSERT = SqlFiles.load("campaign-insert.sql");
    private static final String STOP = "UPDATE campaign SET status = 'stopped', stopped_by = :by, updated_at = now(), "
            + "version = version + 1 WHERE id = :id AND status IN ('scheduled', 'running')";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    private static final Duration MAX_CADENCE = Duration.ofDays(366);
    /**
     * Variant parameters a campaign may not set: the creative agent's behaviour (its prompt, variant count,
     * temperature, token budget: operators set those, through A/B experiments), and what the orchestrator sets.
     */
    static final java.util.Set<String> RESERVED = java.util.Set.of("prompt", "variants", "temperature", "maxTokens",
            "boostCents");
    private static final int MAX_PARAMETER_CHARS = 300;

    /** What POST /api/v1/campaigns answers. */
    public record Created(String campaignId, String status, Instant nextRoundAt) {
    }

    /** A campaign in the list. */
    public record Summary(String id, String name, String status, String goal, int rounds, Instant startsAt,
                          Instant endsAt, Instant createdAt) {
    }

    /** The answer of GET /api/v1/campaigns. */
    public record Listed(List<Summary> campaigns) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final CampaignProperties properties;
    private final ViralizationRuns runs;
    private final CampaignViews views;
    private final AuditLog audit;
    private final boolean onBus;
    private final boolean persistentSagas;

    public Campaigns(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json,
                     CampaignProperties properties, ViralizationRuns runs, CampaignViews views, AuditLog audit,
                     com.misybot.hub.bus.BusProperties bus,
                     @org.springframework.beans.factory.annotation.Value("${hub.saga.mode:persistent}") String sagas) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
        this.runs = runs;
        this.views = views;
        this.audit = audit;
        this.onBus = bus.agents().contains(CampaignRounds.AGENT);
        this.persistentSagas = "persistent".equals(sagas);
    }

    /** POST /api/v1/campaigns (schema-valid body): stores the campaign; its first round is due at {@code start}. */
    public Created create(@Variable("json") JsonNode request, @Variable("caller") Caller caller)
            throws JsonProcessingException {
        if (!persistentSagas) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "campaigns launch viralization runs, which need "
                    + "the persistent saga service (hub.saga.mode=persistent)");
        }
        if (!onBus) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, CampaignRounds.AGENT + " does not run on this hub "
                    + "(hub.bus.agents): a campaign would never launch a run");
        }
        List<String> sessions = new ArrayList<>(new LinkedHashSet<>(texts(request.path("sessions"))));
        for (String session : sessions) {
            List<String> owners = jdbc.queryForList(OWNER, Map.of("sessionId", session), String.class);
            if (owners.isEmpty() || !(owners.get(0).equals(caller.id()) || caller.isPrivileged())) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No session " + session);
            }
        }
        List<String> platforms = runs.platforms(texts(request.path("platforms")));
        Instant start = instant(request, "start");
        Instant end = instant(request, "end");
        if (!end.isAfter(start) || !end.isAfter(Instant.now())) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "end must be after start and in the future");
        }
        Duration cadence = cadence(request.path("cadence").asText(null));
        List<CampaignProperties.Variant> variants = variants(request.path("variants"));
        JsonNode budget = request.path("budget");
        Long total = budget.hasNonNull("totalCents") ? budget.get("totalCents").asLong() : null;
        Long perRound = budget.hasNonNull("perRoundCents") ? budget.get("perRoundCents").asLong() : null;
        if (total != null && perRound != null && perRound > total) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "budget.perRoundCents (" + perRound
                    + ") exceeds budget.totalCents (" + total + ")");
        }
        Map<String, Long> caps = caps(budget.path("dailyCapCents"), platforms, total);
        String brief = request.hasNonNull("brief") ? request.get("brief").asText() : request.path("name").asText();
        UUID id = UUID.randomUUID();
        Instant firstRound = start.isAfter(Instant.now()) ? start : Instant.now();
        MapSqlParameterSource row = new MapSqlParameterSource("id", id)
                .addValue("name", request.path("name").asText()).addValue("createdBy", caller.id())
                .addValue("goal", request.path("goal").asText()).addValue("brief", brief)
                .addValue("sessions", json.writeValueAsString(sessions))
                .addValue("platforms", json.writeValueAsString(platforms))
                .addValue("variants", json.writeValueAsString(variants))
                .addValue("budgetCents", total).addValue("perRoundCents", perRound)
                .addValue("dailyCapCents", caps == null ? null : json.writeValueAsString(caps))
                .addValue("startsAt", Timestamp.from(start)).addValue("endsAt", Timestamp.from(end))
                .addValue("cadenceSeconds", cadence.toSeconds()).addValue("nextRoundAt", Timestamp.from(firstRound));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", request.path("name").asText());
        details.put("sessions", sessions.size());
        details.put("platforms", platforms);
        details.put("budgetCents", total);
        tx.executeWithoutResult(status -> {
            jdbc.update(INSERT, row);
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "campaign.create", "campaign:" + id, details));
        });
        return new Created(id.toString(), "scheduled", firstRound);
    }

    /** GET /api/v1/campaigns/{campaignId}: 404 for a campaign the caller may not read. */
    public CampaignViews.View get(@Variable("campaignId") String campaignId, @Variable("caller") Caller caller) {
        UUID id = id(campaignId);
        CampaignViews.View view = views.view(id);
        if (view == null || !(view.createdBy().equals(caller.id()) || READERS.stream().anyMatch(caller::hasRole))) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No campaign " + campaignId);
        }
        return view;
    }

    /** GET /api/v1/campaigns: the caller's campaigns (every campaign for operators and auditors), newest first. */
    public Listed list(@Variable("caller") Caller caller) {
        boolean all = READERS.stream().anyMatch(caller::hasRole);
        return new Listed(jdbc.query("SELECT id, name, status, goal, rounds, starts_at, ends_at, created_at "
                + "FROM campaign WHERE :all OR created_by = :caller ORDER BY created_at DESC LIMIT 200",
                new MapSqlParameterSource("all", all).addValue("caller", caller.id()), (rs, n) -> new Summary(
                        rs.getString("id"), rs.getString("name"), rs.getString("status"), rs.getString("goal"),
                        rs.getInt("rounds"), rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(), rs.getTimestamp("created_at").toInstant())));
    }

    /** POST /api/v1/campaigns/{campaignId}/stop: no round starts after this; launched runs carry on. */
    public CampaignViews.View stop(@Variable("campaignId") String campaignId, @Variable("caller") Caller caller) {
        CampaignViews.View view = get(campaignId, caller);
        if (!view.createdBy().equals(caller.id()) && !caller.isPrivileged()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Only the campaign's creator or an operator stops it");
        }
        UUID id = UUID.fromString(view.id());
        tx.executeWithoutResult(status -> {
            if (jdbc.update(STOP, new MapSqlParameterSource("id", id).addValue("by", caller.id())) == 0) {
                throw new ProblemException(ProblemType.CONFLICT, "Campaign " + campaignId + " is " + view.status()
                        + " already");
            }
            CampaignRounds.decide(jdbc, id, view.rounds(), "end", null, null, null, "stopped by " + caller.id(),
                    null);
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "campaign.stop", "campaign:" + id, Map.of()));
        });
        return views.view(id);
    }

    private static UUID id(String campaignId) {
        try {
            return UUID.fromString(campaignId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No campaign " + campaignId);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Instant instant(JsonNode request, String field) {
        try {
            return Instant.parse(request.path(field).asText());
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, field + " is not an ISO-8601 instant");
        }
    }

    private Duration cadence(String text) {
        if (text == null) {
            return properties.defaultCadence();
        }
        Duration cadence;
        try {
            cadence = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "cadence is not an ISO-8601 duration (PT6H)");
        }
        if (cadence.compareTo(MAX_CADENCE) > 0) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "cadence " + text + " is longer than " + MAX_CADENCE);
        }
        if (cadence.compareTo(properties.minCadence()) < 0) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "cadence " + text + " is shorter than the hub's "
                    + "minimum " + properties.minCadence() + " (hub.campaigns.min-cadence)");
        }
        return cadence;
    }

    private List<CampaignProperties.Variant> variants(JsonNode requested) throws JsonProcessingException {
        if (requested.isMissingNode() || requested.isNull()) {
            if (properties.defaultVariants().isEmpty()) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "variants: at least two are needed (this hub "
                        + "has no hub.campaigns.default-variants)");
            }
            return properties.defaultVariants();
        }
        List<CampaignProperties.Variant> variants = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (JsonNode variant : requested) {
            String name = variant.path("name").asText();
            if (!names.add(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "variants: the name " + name + " is used twice");
            }
            variant.path("parameters").fields().forEachRemaining(parameter -> {
                if (RESERVED.contains(parameter.getKey())) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "variants: " + name + " sets "
                            + parameter.getKey() + ", which a campaign may not set (reserved: " + RESERVED + ")");
                }
                JsonNode value = parameter.getValue();
                if (!parameter.getKey().equals("postingHourUtc") && !(value.isTextual()
                        && value.asText().length() <= MAX_PARAMETER_CHARS)) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "variants: parameter " + parameter.getKey()
                            + " of " + name + " must be a text of at most " + MAX_PARAMETER_CHARS + " characters");
                }
            });
            JsonNode hour = variant.at("/parameters/postingHourUtc");
            if (!hour.isMissingNode() && !(hour.canConvertToInt() && hour.isIntegralNumber() && hour.asInt() >= 0
                    && hour.asInt() <= 23)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "variants: postingHourUtc of " + name
                        + " must be a whole hour 0..23");
            }
            Map<String, Object> parameters = variant.has("parameters")
                    ? json.readValue(json.writeValueAsString(variant.get("parameters")), OBJECT) : Map.of();
            variants.add(new CampaignProperties.Variant(name, parameters));
        }
        return variants;
    }

    /**
     * Per platform daily caps, by platform name (aliases included); a platform the object leaves out, or no cap at
     * all, gets the whole budget.
     */
    private Map<String, Long> caps(JsonNode requested, List<String> platforms, Long total) {
        if (total == null) {
            return null;
        }
        Map<String, Long> named = new LinkedHashMap<>();
        if (requested.isObject()) {
            requested.fields().forEachRemaining(entry -> {
                String platform = runs.platforms(List.of(entry.getKey())).get(0);
                if (!platforms.contains(platform)) {
                    throw new ProblemException(ProblemType.BAD_REQUEST, "budget.dailyCapCents names "
                            + entry.getKey() + ", which is not one of the campaign's platforms " + platforms);
                }
                named.put(platform, entry.getValue().asLong());
            });
        }
        Map<String, Long> caps = new LinkedHashMap<>();
        for (String platform : platforms) {
            caps.put(platform, named.getOrDefault(platform, total));
        }
        return caps;
    }
}
