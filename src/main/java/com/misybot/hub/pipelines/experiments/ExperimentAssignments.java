package com.misybot.hub.pipelines.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.SqlFiles;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Which variant a pipeline run takes. In a running experiment the session's first run picks one by weight
 * (VariantPicker) and the pick is stored, so every later run of that session takes the same variant even after the
 * weights change; each run is recorded with its variant. Outside an experiment a run takes the parameters of the
 * pipeline's latest promotion (or the control's, after a rollback). A run launched with fixed parameters (a
 * campaign's variant, {@link #pin}) takes those, and is in no experiment.
 */
@Service("experimentAssignments")
public class ExperimentAssignments {

    private static final String RUNNING = SqlFiles.load("experiment-running-for-pipeline.sql");
    private static final String PROMOTED = SqlFiles.load("experiment-promoted-parameters.sql");
    private static final String ASSIGN = SqlFiles.load("experiment-assignment-insert.sql");
    private static final String ASSIGNED = SqlFiles.load("experiment-assignment-select.sql");
    private static final String RUN_INSERT = SqlFiles.load("experiment-run-insert.sql");
    private static final String RUN_SELECT = SqlFiles.load("experiment-run-select.sql");
    private static final String PIN = "INSERT INTO pipeline_run_parameters (run_id, source, source_id, variant, "
            + "parameters) VALUES (:runId, :source, :sourceId, :variant, CAST(:parameters AS jsonb)) "
            + "ON CONFLICT (run_id) DO NOTHING";
    private static final String PINNED = "SELECT source, source_id, variant, parameters::text AS parameters "
            + "FROM pipeline_run_parameters WHERE run_id = :runId";

    private final NamedParameterJdbcTemplate jdbc;
    private final ExperimentStore store;
    private final ObjectMapper json;

    public ExperimentAssignments(NamedParameterJdbcTemplate jdbc, ExperimentStore store, ObjectMapper json) {
        this.jdbc = jdbc;
        this.store = store;
        this.json = json;
    }

    /** The variant of a new run of {@code pipeline} in {@code sessionId}; recorded when an experiment runs. */
    public PipelineVariant assign(String pipeline, String runId, String sessionId) {
        List<UUID> running = jdbc.queryForList(RUNNING, Map.of("pipeline", pipeline), UUID.class);
        if (running.isEmpty()) {
            return promoted(pipeline);
        }
        UUID experimentId = running.get(0);
        String variantName = sessionVariant(experimentId, sessionId);
        jdbc.update(RUN_INSERT, new MapSqlParameterSource("runId", UUID.fromString(runId))
                .addValue("experimentId", experimentId).addValue("variant", variantName)
                .addValue("sessionId", sessionId));
        ExperimentDefinition.Variant variant = store.variants(experimentId).stream()
                .filter(v -> v.name().equals(variantName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Experiment " + experimentId + " lost variant "
                        + variantName));
        return new PipelineVariant(experimentId.toString(), variantName, "experiment", variant.parameters(),
                variant.routeVersion());
    }

    /** The session's stored variant, picking and storing one on its first run. */
    public String sessionVariant(UUID experimentId, String sessionId) {
        MapSqlParameterSource key = new MapSqlParameterSource("experimentId", experimentId)
                .addValue("sessionId", sessionId);
        List<String> assigned = jdbc.queryForList(ASSIGNED, key, String.class);
        if (!assigned.isEmpty()) {
            return assigned.get(0);
        }
        String picked = VariantPicker.pick(experimentId.toString(), sessionId, store.variants(experimentId));
        jdbc.update(ASSIGN, key.addValue("variant", picked));
        // a concurrent first run may have stored its pick first (the same one, unless the weights changed between)
        return jdbc.queryForList(ASSIGNED, key, String.class).get(0);
    }

    /** The variant a run was recorded with (for a run resumed later, or a YAML step that reads it again). */
    public PipelineVariant forRun(String runId) {
        List<PipelineVariant> found = jdbc.query(RUN_SELECT, Map.of("runId", UUID.fromString(runId)), (rs, n) -> {
            String routeId = rs.getString("route_id");
            return new PipelineVariant(rs.getString("experiment_id"), rs.getString("variant"), "experiment",
                    ExperimentStore.read(json, rs.getString("parameters")), routeId == null ? null
                            : new ExperimentDefinition.RouteRef(routeId, rs.getInt("route_version")));
        });
        return found.isEmpty() ? PipelineVariant.none() : found.get(0);
    }

    /**
     * The parameters a step of run {@code runId} of {@code pipeline} works with, read again by a worker or a
     * recovered run: the variant the run was recorded with, else (no experiment ran when it was accepted) the
     * pipeline's promoted parameters, as {@link #assign} gave them.
     */
    public PipelineVariant ofRun(String pipeline, String runId) {
        List<PipelineVariant> pinned = jdbc.query(PINNED, Map.of("runId", UUID.fromString(runId)), (rs, n) ->
                new PipelineVariant(rs.getString("source_id"), rs.getString("variant"), rs.getString("source"),
                        ExperimentStore.read(json, rs.getString("parameters")), null));
        if (!pinned.isEmpty()) {
            return pinned.get(0);
        }
        PipelineVariant recorded = forRun(runId);
        return recorded.variant() != null ? recorded : promoted(pipeline);
    }

    /**
     * Fixes the parameters of run {@code runId} before it starts (a campaign's chosen variant): {@link #ofRun} gives
     * them before any experiment's or promotion's; the first pin of a run stays.
     */
    public void pin(String runId, String source, String sourceId, String variant, Map<String, Object> parameters) {
        try {
            jdbc.update(PIN, new MapSqlParameterSource("runId", UUID.fromString(runId)).addValue("source", source)
                    .addValue("sourceId", sourceId).addValue("variant", variant)
                    .addValue("parameters", json.writeValueAsString(parameters == null ? Map.of() : parameters)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Parameters of run " + runId + " are not JSON: " + e.getMessage(), e);
        }
    }

    private PipelineVariant promoted(String pipeline) {
        List<PipelineVariant> found = jdbc.query(PROMOTED, Map.of("pipeline", pipeline), (rs, n) -> {
            String routeId = rs.getString("route_id");
            return new PipelineVariant(rs.getString("id"), rs.getString("name"),
                    "promoted".equals(rs.getString("status")) ? "promoted" : "rolled-back",
                    ExperimentStore.read(json, rs.getString("parameters")), routeId == null ? null
                            : new ExperimentDefinition.RouteRef(routeId, rs.getInt("route_version")));
        });
        return found.isEmpty() ? PipelineVariant.none() : found.get(0);
    }
}
