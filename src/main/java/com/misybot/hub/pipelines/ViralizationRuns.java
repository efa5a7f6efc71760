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
    private static final String SAGA_EXISTS = "SELECT EXISTS (SELECT 1 FROM saga WHERE id = :id)";

    /**
     * A run another part of the hub launches (a campaign's round) through {@code direct:viralization-launch}: its id
     * is chosen (and stored) by the launcher beforehand, so launching it again after a crash starts nothing new; its
     * parameters are fixed ({@code source} names who fixed them) instead of an A/B experiment's variant.
     */
    public record Launch(String runId, String sessionId, String launchedBy, String brief, List<String> platforms,
                         String publishNotBefore, boolean paidPromotion, String source, String sourceId, String variant,
                         Map<String, Object> parameters) {
    }

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
        List<String> requested = new ArrayList<>();
        request.path("platforms").forEach(platform -> requested.add(platform.asText()));
        List<String> platforms = platforms(requested);
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
        store(run, exchange);
        // A/B experiments: the run's variant is chosen (sticky per session) and recorded now; the worker reads it back
        // by run id (processor pipelineVariants), so a run resumed or recovered elsewhere keeps it
        PipelineVariant variant = experiments.assign(WORKFLOW, run.runId(), sessionId);
        // a route-version variant other than the active version begins on that version's copy
        exchange.setVariable(ENTRY_VARIABLE, versions.entry(variant));
        return run;
    }

    /**
     * Route viralization-launch, after the brief was pseudonymized (variable {@code json}): stores the run of
     * {@code launch} with its fixed parameters and prepares its saga's start; null (start nothing) when its saga
     * exists already: it was launched before a crash, and the saga service carries it on.
     */
    public ViralizationRun launch(Launch launch, @Variable("json") JsonNode pseudonymized, Exchange exchange)
            throws JsonProcessingException {
        UUID id = UUID.fromString(launch.runId());
        if (Boolean.TRUE.equals(jdbc.queryForObject(SAGA_EXISTS, Map.of("id", id), Boolean.class))) {
            return null;
        }
        List<String> owners = jdbc.queryForList(OWNER, Map.of("sessionId", launch.sessionId()), String.class);
        if (owners.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No session " + launch.sessionId());
        }
        ViralizationRun run = new ViralizationRun(launch.runId(), launch.sessionId(), owners.get(0),
                pseudonymized.path("brief").asText(launch.brief()), platforms(launch.platforms()), null,
                launch.paidPromotion(), launch.publishNotBefore());
        // a launch repeated after a crash between these writes and the saga's start finds them (ON CONFLICT)
        store(run, exchange);
        experiments.pin(launch.runId(), launch.source(), launch.sourceId(), launch.variant(), launch.parameters());
        exchange.setVariable(ENTRY_VARIABLE, "direct:viralization-begin");
        return run;
    }

    /** The launch as the pseudonymizer reads a request: variables {@code json} (sessionId, brief) and caller. */
    public void launchRequest(Launch launch, Exchange exchange) {
        exchange.setVariable("json", json.createObjectNode().put("sessionId", launch.sessionId())
                .put("brief", launch.brief()));
        exchange.setVariable("caller", new Caller(launch.launchedBy(), launch.launchedBy(), java.util.Set.of()));
    }

    /** Canonical names of the requested platforms, each with a publishing endpoint, without repeats. */
    public List<String> platforms(List<String> requested) {
        List<String> platforms = new ArrayList<>();
        for (String platform : requested) {
            String name = properties.publish().platforms().containsKey(platform) ? platform
                    : platformRules.canonical(platform);
            if (name == null || !properties.publish().platforms().containsKey(name)) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "Platform " + platform
                        + " has no publishing endpoint; configured: " + properties.publish().platforms().keySet());
            }
            if (!platforms.contains(name)) {
                platforms.add(name);
            }
        }
        return platforms;
    }

    private void store(ViralizationRun run, Exchange exchange) throws JsonProcessingException {
        jdbc.update(INSERT, new MapSqlParameterSource("id", UUID.fromString(run.runId()))
                .addValue("sessionId", run.sessionId()).addValue("ownerId", run.ownerId())
                .addValue("workflowType", WORKFLOW).addValue("input", json.writeValueAsString(run))
                .addValue("correlationId", exchange.getIn().getHeader("X-Correlation-Id", String.class)));
        exchange.setVariable(SagaVariables.ID, run.runId());
        exchange.setVariable(SagaVariables.WORKFLOW, run.runId());
        exchange.setVariable(SagaVariables.NAME, WORKFLOW);
        exchange.setVariable(SagaVariables.OWNER, run.ownerId());
        exchange.setVariable(SagaVariables.SESSION, run.sessionId());
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
