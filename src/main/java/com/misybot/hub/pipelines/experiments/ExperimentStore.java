package com.misybot.hub.pipelines.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.SqlFiles;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads and writes the experiment tables (V12); every statement is a file in sql/. */
@Component
public class ExperimentStore {

    private static final String INSERT = SqlFiles.load("experiment-insert.sql");
    private static final String VARIANT_INSERT = SqlFiles.load("experiment-variant-insert.sql");
    private static final String SELECT = SqlFiles.load("experiment-select.sql");
    private static final String VARIANTS = SqlFiles.load("experiment-variants-select.sql");
    private static final String ARM_STATS = SqlFiles.load("experiment-arm-stats.sql");
    private static final String STOP = SqlFiles.load("experiment-stop.sql");
    private static final String PROMOTE = SqlFiles.load("experiment-promote.sql");
    private static final String ROLLBACK = SqlFiles.load("experiment-rollback.sql");
    private static final String EVALUATION = SqlFiles.load("experiment-evaluation-update.sql");
    private static final String RUNNING_IDS = SqlFiles.load("experiment-running-ids.sql");
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** An experiment's row: its definition and where it stands. */
    public record Stored(UUID id, ExperimentDefinition definition, String status, String createdBy, Instant createdAt,
                         String promotedVariant, String promotedBy, Instant promotedAt,
                         Map<String, Object> promotion, String rolledBackBy, Instant rolledBackAt, String stoppedBy,
                         Instant stoppedAt, Instant evaluatedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public ExperimentStore(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(UUID id, ExperimentDefinition experiment, String createdBy) {
        ExperimentDefinition.Guardrail guardrail = experiment.guardrail();
        jdbc.update(INSERT, new MapSqlParameterSource("id", id).addValue("name", experiment.name())
                .addValue("pipeline", experiment.pipeline()).addValue("metric", experiment.metric())
                .addValue("guardrailMetric", guardrail == null ? null : guardrail.metric())
                .addValue("guardrailMaxDelta", guardrail == null ? null : guardrail.maxDelta())
                .addValue("minSamples", experiment.minSamples()).addValue("significance", experiment.significance())
                .addValue("createdBy", createdBy));
        int position = 0;
        for (ExperimentDefinition.Variant variant : experiment.variants()) {
            ExperimentDefinition.RouteRef route = variant.routeVersion();
            jdbc.update(VARIANT_INSERT, new MapSqlParameterSource("experimentId", id).addValue("name", variant.name())
                    .addValue("position", position++).addValue("weight", variant.weight())
                    .addValue("control", variant.control())
                    .addValue("parameters", route == null ? write(variant.parameters()) : null)
                    .addValue("routeId", route == null ? null : route.routeId())
                    .addValue("routeVersion", route == null ? null : route.version()));
        }
    }

    public Optional<Stored> find(UUID id) {
        List<Stored> found = jdbc.query(SELECT, Map.of("id", id), (rs, n) -> stored(rs));
        return found.stream().findFirst();
    }

    public List<UUID> running() {
        return jdbc.queryForList(RUNNING_IDS, Map.of(), UUID.class);
    }

    /** Each variant's collected numbers, keyed by variant name, in the experiment's order. */
    public Map<String, ArmStats> armStats(UUID id, String metric) {
        Map<String, ArmStats> stats = new LinkedHashMap<>();
        jdbc.query(ARM_STATS, new MapSqlParameterSource("id", id).addValue("metric", metric), rs -> {
            stats.put(rs.getString("name"), new ArmStats(rs.getString("name"), rs.getLong("assignments"),
                    rs.getLong("runs"), rs.getLong("trials"), rs.getLong("successes"), rs.getLong("finished"),
                    rs.getLong("failed"), rs.getLong("judged"), rs.getLong("reviewed")));
        });
        return stats;
    }

    public boolean stop(UUID id, String actor) {
        return jdbc.update(STOP, Map.of("id", id, "actor", actor)) == 1;
    }

    public boolean promote(UUID id, String variant, String actor, Map<String, Object> promotion) {
        return jdbc.update(PROMOTE, new MapSqlParameterSource("id", id).addValue("variant", variant)
                .addValue("actor", actor).addValue("promotion", write(promotion))) == 1;
    }

    public boolean rollback(UUID id, String actor) {
        return jdbc.update(ROLLBACK, Map.of("id", id, "actor", actor)) == 1;
    }

    public void evaluated(UUID id, PromotionRule.Evaluation evaluation) {
        jdbc.update(EVALUATION, new MapSqlParameterSource("id", id).addValue("evaluation", write(evaluation)));
    }

    /** The variants of an experiment as declared. */
    public List<ExperimentDefinition.Variant> variants(UUID id) {
        return jdbc.query(VARIANTS, Map.of("id", id), (rs, n) -> variant(rs, json));
    }

    static ExperimentDefinition.Variant variant(ResultSet rs, ObjectMapper json) throws SQLException {
        String routeId = rs.getString("route_id");
        return new ExperimentDefinition.Variant(rs.getString("name"), rs.getDouble("weight"), rs.getBoolean("control"),
                read(json, rs.getString("parameters")),
                routeId == null ? null : new ExperimentDefinition.RouteRef(routeId, rs.getInt("route_version")));
    }

    private Stored stored(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String guardrailMetric = rs.getString("guardrail_metric");
        ExperimentDefinition definition = new ExperimentDefinition(rs.getString("name"), rs.getString("pipeline"),
                rs.getString("metric"), guardrailMetric == null ? null
                        : new ExperimentDefinition.Guardrail(guardrailMetric, rs.getDouble("guardrail_max_delta")),
                rs.getLong("min_samples"), rs.getDouble("significance"), variants(id));
        return new Stored(id, definition, rs.getString("status"), rs.getString("created_by"),
                instant(rs, "created_at"), rs.getString("promoted_variant"), rs.getString("promoted_by"),
                instant(rs, "promoted_at"), read(json, rs.getString("promotion")), rs.getString("rolled_back_by"),
                instant(rs, "rolled_back_at"), rs.getString("stopped_by"), instant(rs, "stopped_at"),
                instant(rs, "evaluated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static Map<String, Object> read(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored experiment JSON is unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
