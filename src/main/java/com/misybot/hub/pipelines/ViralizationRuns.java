package com.misybot.hub.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.agents.AgentProperties;
import com.misybot.hub.agents.video.PlatformRules;
import com.misybot.hub.pipelines.experiments.ExperimentAssignments;
import com.misybot.hub.pipelines.experiments.PipelineVariant;
import com.misybot.hub.pipelines.experiments.RouteVersionVariants;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import com.misybot.hub.saga.SagaVariables;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Runs of the viralization pipeline: a request accepted into an {@code agent_workflow} row (its input, and an
 * output that each step extends), and read back by id when a step or a resumed run needs it.
 */
@Service("viralizationRuns")
public class ViralizationRuns {

    public static final String WORKFLOW = "viralization";
    /** Exchange variable: the endpoint where the accepted run's saga begins. */
    public static final String ENTRY_VARIABLE = "viralizationEntry";
    private static final String OWNER = SqlFiles.load("pipeline-session-owner.sql");
    private static final String INSERT = SqlFiles.load("pipeline-run-insert.sql");
    private static final String SELECT = SqlFiles.load("pipeline-run-select.sql");
    private static final String OUTPUT = SqlFiles.load("pipeline-run-output.sql");
    private static final String OUTPUT_SELECT = SqlFiles.load("pipeline-run-output-select.sql");

    /** What POST /pipelines/viralization/runs answers. */
    public record Accepted(String runId, String status, String saga) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ViralizationProperties properties;
    private final PlatformRules platformRules;
    private final ExperimentAssignments experiments;
    private final RouteVersionVariants versions;

    public ViralizationRuns(NamedParameterJdbcTemplate jdbc, ObjectMapper json, ViralizationProperties properties,
                            AgentProperties agents, ResourceLoader resources, ExperimentAssignments experiments,
                            RouteVersionVariants versions) {
        this.versions = versions;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.platformRules = new PlatformRules(resources, agents.video() != null ? agents.video().platforms()
                : "classpath:config/platforms.yaml");
        this.experiments = experiments;
    }

    /**
     * Checks the (schema-valid) request against the session and the configured platforms, and stores the run. A
     * platform may be named by an alias of config/platforms.yaml ("youtube"): the run keeps its canonical name.
     */
    public ViralizationRun accept(@Variable("json") JsonNode request, @Variable("caller") Caller caller,
                                  Exchange exchange) throws JsonProcessingException {
        String sessionId = request.path("sessionId").asText();
        List<String> owners = jdbc.queryForList(OWNER, Map.of("sessionId", sessionId), String.class);
        if (owners.isEmpty() || !(owners.get(0).equals(caller.id()) || caller.isPrivileged())) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No session " + sessionId);
        }
        List<String> platforms = new ArrayList<>();
        for (JsonNode platform : request.path("platforms")) {
            String name = properties.publish().platforms().containsKey(platform.asText()) ? platform.asText()
                    : platformRules.canonical(platform.asText());
            if (name == null || !properties.publish().platforms().containsKey(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "Platform " + platform.asText()
                        + " has no publishing endpoint; configured: " + properties.publish().platforms().keySet());
            }
            if (!platforms.contains(name)) {
                platforms.add(name);
            }
        }
        String publishAt = request.hasNonNull("publishAt") ? request.get("publishAt").asText() : null;
        if (publishAt != null) {
            try {
                publishAt = Instant.parse(publishAt).toString();
            } catch (DateTimeParseException e) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "publishAt is not an ISO-8601 instant");
            }
        }
        ViralizationRun run = new ViralizationRun(UUID.randomUUID().toString(), sessionId, owners.get(0),
                request.path("brief").asText(), platforms, publishAt, request.path("paidPromotion").asBoolean());
        jdbc.update(INSERT, new MapSqlParameterSource("id", UUID.fromString(run.runId()))
                .addValue("sessionId", sessionId).addValue("ownerId", run.ownerId())
                .addValue("workflowType", WORKFLOW).addValue("input", json.writeValueAsString(run))
                .addValue("correlationId", exchange.getIn().getHeader("X-Correlation-Id", String.class)));
        exchange.setVariable(SagaVariables.ID, run.runId());
        exchange.setVariable(SagaVariables.WORKFLOW, run.runId());
        exchange.setVariable(SagaVariables.NAME, WORKFLOW);
        exchange.setVariable(SagaVariables.OWNER, run.ownerId());
        exchange.setVariable(SagaVariables.SESSION, sessionId);
        // A/B experiments: the run's variant is chosen (sticky per session) and recorded now; the worker reads it back
        // by run id (processor pipelineVariants), so a run resumed or recovered elsewhere keeps it
        PipelineVariant variant = experiments.assign(WORKFLOW, run.runId(), sessionId);
        // a route-version variant other than the active version begins on that version's copy
        exchange.setVariable(ENTRY_VARIABLE, versions.entry(variant));
        return run;
    }

    public Accepted accepted(@Variable("run") ViralizationRun run) {
        return new Accepted(run.runId(), "RUNNING", "/api/v1/sagas/" + run.runId());
    }

    /** The run a saga belongs to (header Long-Running-Action). */
    public ViralizationRun load(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId)
            throws JsonProcessingException {
        List<String> input = jdbc.queryForList(SELECT, Map.of("id", UUID.fromString(runId)), String.class);
        if (input.isEmpty()) {
            throw new IllegalStateException("No viralization run " + runId);
        }
        return json.readValue(input.get(0), ViralizationRun.class);
    }

    /** Adds what a step produced to the run's output (a JSON object merged at the top level). */
    public void record(String runId, Map<String, Object> output) throws JsonProcessingException {
        jdbc.update(OUTPUT, new MapSqlParameterSource("id", UUID.fromString(runId))
                .addValue("output", json.writeValueAsString(output)));
    }

    public JsonNode output(String runId) throws JsonProcessingException {
        List<String> out = jdbc.queryForList(OUTPUT_SELECT,
                Map.of("id", UUID.fromString(runId)), String.class);
        return out.isEmpty() || out.get(0) == null ? json.createObjectNode() : json.readTree(out.get(0));
    }
}
