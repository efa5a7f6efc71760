package com.misybot.hub.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import com.misybot.hub.pipelines.policy.PolicyDecision;
import com.misybot.hub.pipelines.policy.PolicyInput;
import com.misybot.hub.platform.OutboundUrlPolicy;
import com.misybot.hub.platform.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Service;

/**
 * The work of each viralization step and of its compensation, around the agents' work (which the YAML pipeline asks
 * of the agents' routes, {@code direct:<agent>-generate}); processors of com.misybot.hub.processors expose these to
 * routes/pipelines/viralization.camel.yaml and its kamelets.
 */
@Service("viralizationSteps")
public class ViralizationSteps {

    /** Header the social-publish-sink kamelet reads: set, it deletes that post instead of creating one. */
    public static final String POST_ID = "hub-publish-post-id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String ARTIFACT_INSERT = SqlFiles.load("pipeline-artifact-insert.sql");
    private static final String ARTIFACT_WITHDRAW = SqlFiles.load("pipeline-artifact-withdraw.sql");
    private static final String PUBLICATION_BEGIN = SqlFiles.load("publication-begin.sql");
    private static final String PUBLICATION_PUBLISHED = SqlFiles.load("publication-published.sql");
    private static final String PUBLICATION_UNDO = SqlFiles.load("publication-undo.sql");
    private static final String PUBLICATION_DELETED = SqlFiles.load("publication-deleted.sql");
    private static final String PUBLICATION_STATUS = SqlFiles.load("publication-status.sql");
    private static final String PUBLICATION_REFUSED = SqlFiles.load("publication-refused.sql");

    /** A post the publish step's compensation takes down; {@code postId} is null when the POST's answer was lost. */
    public record Post(String platform, String postId) {
    }

    private final ViralizationRuns runs;
    private final ViralizationProperties properties;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final OutboundUrlPolicy outbound;

    /** Every configured platform URL must pass hub.security.outbound, or the hub does not start. */
    /** DLP of what is published (hub.privacy.dlp.outbound.publish: redact by default). */
    private final com.misybot.hub.platform.PersonalDataGuard guard;

    public ViralizationSteps(ViralizationRuns runs, ViralizationProperties properties, NamedParameterJdbcTemplate jdbc,
                             ObjectMapper json, OutboundUrlPolicy outbound,
                             org.springframework.beans.factory.ObjectProvider<
                                     com.misybot.hub.platform.PersonalDataGuard> guard) {
        this.guard = guard.getIfAvailable(() -> com.misybot.hub.platform.PersonalDataGuard.OFF);
        this.runs = runs;
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
        this.outbound = outbound;
        properties.publish().platforms().forEach((platform, configured) -> outbound.requireConfigured(
                "hub.publish.platforms." + platform + ".url", configured == null ? null : configured.url()));
    }

    /** Step 1 input: video-scriptor's task, the brief for the run's first platform. */
    public AgentTask scriptTask(SnapshotView snapshot, @Variable("run") ViralizationRun run) {
        return task(run, snapshot, run.brief() + " (for " + run.platforms().get(0) + ")");
    }

    /** Step 3 input: creative-synthesizer's task, the brief. */
    public AgentTask variantsTask(SnapshotView snapshot, @Variable("run") ViralizationRun run) {
        return task(run, snapshot, run.brief());
    }

    /** Step 1: video-scriptor's script stored with the run; the text the policy gate reads comes out. */
    public PolicyInput script(Generated written, @Variable("run") ViralizationRun run) throws Exception {
        List<Map<String, Object>> rows = generated(written, run);
        runs.record(run.runId(), Map.of("scriptArtifactId", rows.get(0).get("id").toString()));
        String script = text(json.readTree((String) rows.get(0).get("content")));
        return new PolicyInput(run.brief() + "\n" + script, run.platforms(), run.paidPromotion());
    }

    /** Step 2: the policy gate's decision is kept with the run; BLOCK fails the step. */
    public String policy(PolicyDecision decision, @Variable("run") ViralizationRun run) throws Exception {
        runs.record(run.runId(), Map.of("policy", decision));
        if (PolicyDecision.BLOCK.equals(decision.verdict())) {
            throw new PolicyBlockedException(decision);
        }
        return decision.verdict();
    }

    /** Step 3: creative-synthesizer's variants (hook, caption, CTA), stored as artifacts of the run. */
    public void artifacts(Generated variants, @Variable("run") ViralizationRun run) throws Exception {
        List<Map<String, Object>> rows = generated(variants, run);
        runs.record(run.runId(), Map.of("variantArtifactIds", rows.stream().map(r -> r.get("id").toString())
                .toList(), "caption", caption(json.readTree((String) rows.get(0).get("content")))));
    }

    /** Step 4 input: the variables direct:calendar-schedule reads. */
    public void scheduleRequest(@Variable("run") ViralizationRun run, Exchange exchange) throws Exception {
        exchange.setVariable("runId", run.runId());
        exchange.setVariable("ownerId", run.ownerId());
        exchange.setVariable("platforms", run.platforms());
        exchange.setVariable("publishAt", run.publishAt());
        exchange.setVariable("publishNotBefore", run.publishNotBefore());
        exchange.setVariable("artifactId", runs.output(run.runId()).path("scriptArtifactId").asText(null));
    }

    public void scheduled(List<?> entries, @Variable("run") ViralizationRun run) throws JsonProcessingException {
        runs.record(run.runId(), Map.of("calendar", entries));
    }

    /**
     * Step 5, per platform: a PUBLISHING row first, then the post the kamelet sends (with an Idempotency-Key so a
     * platform that honours it never posts twice). Null when this platform is already published.
     */
    public String publishRequest(@Variable("run") ViralizationRun run, @Variable("platform") String platform,
                                 Exchange exchange) throws Exception {
        if ("PUBLISHED".equals(status(run.runId(), platform))) {
            return null;
        }
        // checked again at use (its name may resolve elsewhere now): a refusal fails the step before any row
        outbound.check(url(platform));
        jdbc.update(PUBLICATION_BEGIN, params(run.runId(), platform).addValue("id", UUID.randomUUID()));
        return postRequest(run, platform, exchange);
    }

    /** The platform's answer: JSON with the post's {@code id}. */
    public String published(String answer, @Variable("run") ViralizationRun run,
                            @Variable("platform") String platform) throws JsonProcessingException {
        String postId = postIdOf(answer);
        jdbc.update(PUBLICATION_PUBLISHED, params(run.runId(), platform).addValue("postId", postId));
        return postId;
    }

    /**
     * The platform refused the POST (an HTTP error answer): the post surely does not exist, so the row is FAILED
     * rather than left in doubt, and the step fails with the platform's answer.
     */
    public void refused(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) HttpOperationFailedException refusal,
                        @Variable("run") ViralizationRun run, @Variable("platform") String platform) {
        jdbc.update(PUBLICATION_REFUSED, params(run.runId(), platform).addValue("error", refusal.getMessage()));
        // no cause: the run's error should read as this sentence, not as the HTTP client's exception text
        IllegalStateException failure = new IllegalStateException("Platform " + platform + " refused the post: HTTP "
                + refusal.getStatusCode() + " " + abbreviate(refusal.getResponseBody()));
        failure.addSuppressed(refusal);
        throw failure;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** The post id in a platform's answer to a POST. */
    public String postIdOf(String answer) throws JsonProcessingException {
        String postId = answer == null ? null : json.readTree(answer).path("id").asText(null);
        if (postId == null || postId.isBlank()) {
            throw new IllegalStateException("The platform answered without a post id: " + answer);
        }
        return postId;
    }

    /** Compensation of steps 1 and 3: the run's artifacts of that agent are withdrawn; returns how many. */
    public int withdraw(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId, String agent) {
        return jdbc.update(ARTIFACT_WITHDRAW, new MapSqlParameterSource("runId", UUID.fromString(runId))
                .addValue("agent", agent));
    }

    /** Compensation of step 5: the posts to take down. */
    public List<Post> postsToUndo(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId) {
        return jdbc.query(PUBLICATION_UNDO, new MapSqlParameterSource("runId", UUID.fromString(runId)),
                (rs, n) -> new Post(rs.getString("platform"), rs.getString("post_id")));
    }

    /** A lost answer: the same POST again, with the same Idempotency-Key, tells the post's id. */
    public String reconcileRequest(@Variable("runId") String runId,
                                   @Variable("platform") String platform, Exchange exchange) throws Exception {
        return postRequest(runs.load(runId), platform, exchange);
    }

    public void deleted(@Variable("runId") String runId,
                        @Variable("platform") String platform, @Header(POST_ID) String postId) {
        jdbc.update(PUBLICATION_DELETED, params(runId, platform).addValue("postId", postId));
    }

    /** The platform's publishing endpoint (hub.publish.platforms.&lt;platform&gt;.url). */
    public String url(@Variable("platform") String platform) {
        ViralizationProperties.Platform configured = properties.publish().platforms().get(platform);
        if (configured == null || configured.url() == null) {
            throw new IllegalStateException("No hub.publish.platforms." + platform + ".url configured");
        }
        return configured.url();
    }

    private String postRequest(ViralizationRun run, String platform, Exchange exchange) throws Exception {
        JsonNode output = runs.output(run.runId());
        exchange.getMessage().setHeader(IDEMPOTENCY_KEY, run.runId() + ":" + platform);
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("runId", run.runId());
        post.put("platform", platform);
        // personal data in what goes public is redacted (or blocked: 422, the step fails) per policy
        post.put("text", guard.guard("publish", List.of(output.path("caption").asText(run.brief()))).texts().get(0));
        post.put("artifactId", output.path("scriptArtifactId").asText(null));
        post.put("publishAt", run.publishAt());
        return json.writeValueAsString(post);
    }

    private String status(String runId, String platform) {
        List<String> found = jdbc.queryForList(PUBLICATION_STATUS, params(runId, platform), String.class);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<Map<String, Object>> generated(Generated generated, ViralizationRun run) {
        if (!generated.hasArtifacts()) {
            throw new IllegalStateException(generated.reply().text());
        }
        List<Map<String, Object>> rows = generated.artifacts();
        SqlParameterSource[] batch = new SqlParameterSource[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            batch[i] = new MapSqlParameterSource(rows.get(i)).addValue("workflowId", UUID.fromString(run.runId()));
        }
        jdbc.batchUpdate(ARTIFACT_INSERT, batch);
        return rows;
    }

    private static AgentTask task(ViralizationRun run, SnapshotView snapshot, String text) {
        // the pieces answer the run, not a turn of the conversation
        return new AgentTask(run.sessionId(), run.ownerId(), "run:" + run.runId(), text, snapshot.snapshotRef(),
                run.runId(), 1.0);
    }

    private static MapSqlParameterSource params(String runId, String platform) {
        return new MapSqlParameterSource("runId", UUID.fromString(runId)).addValue("platform", platform);
    }

    /** Every text value of a generated piece, one per line (what the policy gate reads). */
    private static String text(JsonNode node) {
        List<String> parts = new ArrayList<>();
        collect(node, parts);
        return String.join("\n", parts);
    }

    private static void collect(JsonNode node, List<String> parts) {
        if (node.isTextual()) {
            parts.add(node.asText());
        } else {
            node.forEach(child -> collect(child, parts));
        }
    }

    private static String caption(JsonNode variant) {
        return variant.path("hook").asText() + " " + variant.path("caption").asText() + " "
                + variant.path("cta").asText();
    }
}
