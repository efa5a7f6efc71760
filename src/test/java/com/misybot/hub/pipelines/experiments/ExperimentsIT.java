package com.misybot.hub.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.PublishPlatformStub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A/B experiments through HTTP on the shared test hub: real viralization runs take their session's variant (sticky,
 * recorded), platforms post signed metrics (unsigned or wrongly signed posts are refused and store nothing), GET
 * shows the numbers, the promotion happens once the seeded metrics make the test significant, a guardrail blocks
 * it, a rollback reverses it, and bad definitions are refused.
 */
// a hub of its own whose runs publish to a platform served by the test (the shared hub's sandbox URL is refused
// by the outbound allow-list there), closed after this class
@DirtiesContext
class ExperimentsIT extends HubIntegrationTest {

    private static final PublishPlatformStub PLATFORM = PublishPlatformStub.start();
    /** The platform's stats API: post id → counters; any other post is a 404 (no stats yet). */
    private static final Map<String, String> STATS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final com.sun.net.httpserver.HttpServer STATS_SERVER = statsServer();

    /** The test profile's webhook secrets (application-test.yaml). */
    private static final String TIKTOK_SECRET = "test-only-tiktok-webhook-secret";
    private static final String YOUTUBE_SECRET = "test-only-youtube-webhook-secret";
    private static final Set<String> SETTLED = Set.of("COMPLETED", "COMPENSATED", "FAILED_COMPENSATION",
            "AWAITING_APPROVAL");

    @Autowired
    private ExperimentAssignments assignments;
    @Autowired
    private org.apache.camel.CamelContext camel;
    @Autowired
    private com.misybot.hub.operator.OperatorRouteRegistry routes;

    private TestUser operator;
    private TestUser user;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.bus.transport", () -> "local");
        registry.add("hub.publish.platforms.tiktok.url", () -> PLATFORM.url("tiktok"));
        registry.add("hub.publish.platforms.youtube-shorts.url", () -> PLATFORM.url("youtube-shorts"));
        registry.add("hub.publish.platforms.instagram-reels.url", () -> PLATFORM.url("instagram-reels"));
        registry.add("hub.publish.platforms.tiktok.stats-url", () -> "http://127.0.0.1:"
                + STATS_SERVER.getAddress().getPort() + "/tiktok/stats/{postId}");
        registry.add("hub.experiments.poll-interval-millis", () -> "500");
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.close();
        STATS_SERVER.stop(0);
    }

    @BeforeEach
    void setUp() {
        endExperiments();
        operator = user("operator");
        user = user("user");
    }

    @AfterEach
    void tearDown() {
        endExperiments();
    }

    @Test
    void should_record_variants_store_signed_metrics_promote_the_winner_and_roll_it_back() {
        // given: a running experiment, control (tone neutral) against bold (tone bold), 50/50
        JsonNode created = create(experiment("ctr", 1000, 0.05, null,
                variant("control", 1, true, "neutral"), variant("bold", 1, false, "bold")));
        String id = created.path("id").asText();
        assertThat(created.path("status").asText()).isEqualTo("running");
        List<String> controlSessions = sessionsFor(id, "control", 2);
        List<String> boldSessions = sessionsFor(id, "bold", 2);

        // when: one run per session, and a second run in a bold session after the weights moved to the control
        Map<String, String> runVariant = new LinkedHashMap<>();
        controlSessions.forEach(s -> runVariant.put(start(s, false), "control"));
        boldSessions.forEach(s -> runVariant.put(start(s, false), "bold"));
        jdbc.update("UPDATE experiment_variant SET weight = 1000000 WHERE experiment_id = ?::uuid AND control", id);
        runVariant.put(start(boldSessions.get(0), false), "bold");
        runVariant.keySet().forEach(this::awaitSettled);

        // then: every run is recorded with its session's variant, and carries that variant's parameters
        runVariant.forEach((runId, variant) -> {
            assertThat(jdbc.queryForObject("SELECT variant FROM experiment_run WHERE run_id = ?::uuid", String.class,
                    runId)).as(runId).isEqualTo(variant);
            PipelineVariant recorded = assignments.forRun(runId);
            assertThat(recorded.experimentId()).isEqualTo(id);
            assertThat(recorded.parameters()).containsEntry("tone", variant.equals("bold") ? "bold" : "neutral");
        });
        JsonNode view = get(id);
        assertThat(variantOf(view, "control").path("runs").asInt()).isEqualTo(2);
        assertThat(variantOf(view, "bold").path("runs").asInt()).isEqualTo(3);
        assertThat(variantOf(view, "bold").path("assignments").asInt()).isEqualTo(2);

        // given: each run's publication on tiktok
        Map<String, String> publicationVariant = new LinkedHashMap<>();
        runVariant.forEach((runId, variant) -> publicationVariant.put(publicationOf(runId), variant));
        String somePublication = publicationVariant.keySet().iterator().next();
        String metrics = "{\"views\":1000,\"likes\":40,\"shares\":10,\"clicks\":120}";

        // when: unsigned, wrongly signed and other-platform-signed posts, and a post for no publication
        Http.Answer unsigned = http.postJson("/api/v1/publications/" + somePublication + "/metrics", metrics);
        Http.Answer badSignature = postMetrics(somePublication, metrics, "sha256=" + "ab".repeat(32));
        Http.Answer otherPlatform = postMetrics(somePublication, metrics,
                WebhookSignature.sign(YOUTUBE_SECRET, bytes(metrics)));
        Http.Answer tampered = postMetrics(somePublication, metrics.replace("120", "999"),
                WebhookSignature.sign(TIKTOK_SECRET, bytes(metrics)));
        Http.Answer unknown = postMetrics(UUID.randomUUID().toString(), metrics,
                WebhookSignature.sign(TIKTOK_SECRET, bytes(metrics)));

        // then: 401 / 404 problems, and nothing stored
        assertProblem(unsigned, 401, "unauthorized");
        assertProblem(badSignature, 401, "unauthorized");
        assertProblem(otherPlatform, 401, "unauthorized");
        assertProblem(tampered, 401, "unauthorized");
        assertProblem(unknown, 404, "not-found");
        assertThat(count("SELECT count(*) FROM publication_metrics WHERE publication_id IN (SELECT p.id FROM "
                + "publication p JOIN experiment_run r ON r.run_id = p.run_id WHERE r.experiment_id = ?::uuid)", id))
                .isZero();

        // when: signed snapshots where bold leads but not significantly (control 10 %, bold 10.7 %)
        postAll(publicationVariant, Map.of("control", 500L, "bold", 333L), Map.of("control", 50L, "bold", 36L));

        // then: the numbers show, nothing is promoted
        view = get(id);
        assertThat(variantOf(view, "control").path("samples").path("trials").asLong()).isEqualTo(1000);
        assertThat(variantOf(view, "control").path("samples").path("successes").asLong()).isEqualTo(100);
        assertThat(variantOf(view, "bold").path("samples").path("trials").asLong()).isEqualTo(999);
        assertThat(variantOf(view, "bold").path("pValue").asDouble()).isGreaterThan(0.05);
        assertThat(view.path("status").asText()).isEqualTo("running");
        assertThat(view.path("decision").path("winner").isMissingNode()).isTrue();

        // when: the next cumulative snapshots make bold clearly better (control 10 %, bold 14 %)
        postAll(publicationVariant, Map.of("control", 1000L, "bold", 667L), Map.of("control", 100L, "bold", 94L));
        JsonNode promoted = await(id, v -> v.path("status").asText().equals("promoted"));

        // then: promoted by the hub, with the test's numbers, audited
        JsonNode bold = variantOf(promoted, "bold");
        assertThat(bold.path("samples").path("trials").asLong()).isEqualTo(2001);
        assertThat(bold.path("samples").path("successes").asLong()).isEqualTo(282);
        TwoProportionTest.Result expected = TwoProportionTest.test(200, 2000, 282, 2001);
        assertThat(bold.path("z").asDouble()).isCloseTo(expected.z(), within(1e-9));
        assertThat(bold.path("pValue").asDouble()).isLessThan(0.05);
        assertThat(promoted.path("promotion").path("variant").asText()).isEqualTo("bold");
        assertThat(promoted.path("promotion").path("by").asText()).isEqualTo("system:experiments");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'experiment.promote' AND target = ?",
                "experiment:" + id)).isEqualTo(1);
        assertThat(assignments.assign("viralization", UUID.randomUUID().toString(), newSessionId()))
                .satisfies(v -> {
                    assertThat(v.source()).isEqualTo("promoted");
                    assertThat(v.parameters()).containsEntry("tone", "bold");
                });

        // when: an operator rolls the promotion back (twice)
        Http.Answer rolledBack = http.send("POST", "/api/v1/experiments/" + id + "/rollback", null, null,
                Http.bearer(operator.accessToken()));
        Http.Answer again = http.send("POST", "/api/v1/experiments/" + id + "/rollback", null, null,
                Http.bearer(operator.accessToken()));

        // then: new runs take the control's parameters again; the second rollback is a conflict
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().path("status").asText()).isEqualTo("stopped");
        assertThat(rolledBack.json().path("promotion").path("rolledBackBy").asText()).isEqualTo(operator.id());
        assertThat(assignments.assign("viralization", UUID.randomUUID().toString(), newSessionId()))
                .satisfies(v -> {
                    assertThat(v.source()).isEqualTo("rolled-back");
                    assertThat(v.parameters()).containsEntry("tone", "neutral");
                });
        assertProblem(again, 409, "conflict");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'experiment.rollback' AND target = ?",
                "experiment:" + id)).isEqualTo(1);
    }

    @Test
    void should_block_the_promotion_when_the_variants_review_rate_breaks_the_guardrail() {
        // given: review-rate guardrail of 0.2; a bold session whose paid promotion the policy gate sends to REVIEW
        JsonNode created = create(experiment("engagement", 500, 0.05, "{\"metric\":\"reviewRate\",\"maxDelta\":0.2}",
                variant("control", 1, true, "neutral"), variant("bold", 1, false, "bold")));
        String id = created.path("id").asText();
        List<String> controlSessions = sessionsFor(id, "control", 1);
        List<String> boldSessions = sessionsFor(id, "bold", 2);
        String control = start(controlSessions.get(0), false);
        String bold = start(boldSessions.get(0), false);
        String reviewed = start(boldSessions.get(1), true);
        List.of(control, bold, reviewed).forEach(this::awaitSettled);

        // when: metrics where bold's engagement is far better (10 % against 30 %)
        post(publicationOf(control), 1000, 60, 40, 0);
        post(publicationOf(bold), 1000, 200, 100, 0);
        JsonNode view = await(id, v -> !v.path("evaluatedAt").isMissingNode());

        // then: significant, but blocked by the guardrail (0.5 > 0 + 0.2), still running
        JsonNode boldView = variantOf(view, "bold");
        assertThat(boldView.path("pValue").asDouble()).isLessThan(0.05);
        assertThat(boldView.path("guardrail").path("value").asDouble()).isEqualTo(0.5);
        assertThat(boldView.path("guardrail").path("limit").asDouble()).isCloseTo(0.2,
                within(1e-12));
        assertThat(boldView.path("guardrail").path("blocked").asBoolean()).isTrue();
        assertThat(boldView.path("verdict").asText()).startsWith("blocked by guardrail reviewRate");
        assertThat(view.path("status").asText()).isEqualTo("running");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'experiment.promote' AND target = ?",
                "experiment:" + id)).isZero();

        // when: an auditor reads it and may not stop it; the operator stops it
        TestUser auditor = user("auditor");
        assertThat(http.get("/api/v1/experiments/" + id, Http.bearer(auditor.accessToken())).status()).isEqualTo(200);
        Http.Answer auditorStop = http.send("POST", "/api/v1/experiments/" + id + "/stop", null, null,
                Http.bearer(auditor.accessToken()));
        Http.Answer stopped = http.send("POST", "/api/v1/experiments/" + id + "/stop", null, null,
                Http.bearer(operator.accessToken()));

        // then
        assertProblem(auditorStop, 403, "forbidden");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().path("stopped").path("by").asText()).isEqualTo(operator.id());
        assertThat(http.send("POST", "/api/v1/sagas/" + reviewed + "/reject", null, null,
                Http.bearer(operator.accessToken())).status()).isEqualTo(200);
    }

    @Test
    void should_write_as_many_creative_variants_as_the_variant_asks_when_the_pipeline_worker_runs() {
        // given: an experiment whose challenger asks the creative step for 2 variants (the YAML says 3)
        String two = "{\"name\":\"two\",\"weight\":1,\"parameters\":{\"tone\":\"bold\",\"variants\":2}}";
        String id = create(experiment("ctr", 1000, 0.05, null, variant("control", 1, true, "neutral"), two))
                .path("id").asText();

        // when: a run in a session of each variant goes through the YAML pipeline's worker
        String twoRun = start(sessionsFor(id, "two", 1).get(0), false);
        String controlRun = start(sessionsFor(id, "control", 1).get(0), false);
        awaitSettled(twoRun);
        awaitSettled(controlRun);

        // then: the worker read each run's variant from the database and the creative step followed it
        assertThat(creativeArtifacts(twoRun)).as("creative variants of the run of variant two").isEqualTo(2);
        assertThat(creativeArtifacts(controlRun)).as("creative variants of the control's run").isEqualTo(3);
    }

    @Test
    void should_serve_each_run_by_its_variants_route_version_when_two_versions_of_the_pipeline_run_side_by_side() {
        // given: the active pipeline unit, and a candidate version of it whose runs time out after 2 h (active: 1 h)
        String unit = jdbc.queryForObject("SELECT route_id FROM route_version WHERE status = 'active' "
                + "AND 'viral-script' = ANY(route_ids)", String.class);
        Map<String, Object> active = jdbc.queryForMap("SELECT version, yaml FROM route_version WHERE route_id = ? "
                + "AND status = 'active'", unit);
        int activeVersion = ((Number) active.get("version")).intValue();
        String yaml = (String) active.get("yaml");
        assertThat(yaml).contains("{{hub.pipelines.viralization.timeout:PT1H}}");
        String[] asOperator = Http.bearer(operator.accessToken());
        Http.Answer submitted = http.send("POST", "/api/v1/admin/routes", "application/yaml",
                yaml.replace("{{hub.pipelines.viralization.timeout:PT1H}}", "PT2H"), asOperator);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        int candidate = submitted.json().path("version").asInt();
        String copyRoute = "viral-script--v" + candidate;

        // when: an experiment splits the runs between the two versions
        String id = create(experiment("ctr", 1000, 0.05, null,
                "{\"name\":\"current\",\"weight\":1,\"control\":true,\"routeVersion\":{\"routeId\":\"viral-script\","
                        + "\"version\":" + activeVersion + "}}",
                "{\"name\":\"longer\",\"weight\":1,\"routeVersion\":{\"routeId\":\"viral-script\",\"version\":"
                        + candidate + "}}")).path("id").asText();
        String longerRun = start(sessionsFor(id, "longer", 1).get(0), false);
        String currentRun = start(sessionsFor(id, "current", 1).get(0), false);
        // a run the policy gate sends to REVIEW resumes, once approved, on the version it began on
        String reviewedRun = start(sessionsFor(id, "longer", 1).get(0), true);
        awaitSettled(longerRun);
        awaitSettled(currentRun);
        awaitSettled(reviewedRun);
        assertThat(saga(reviewedRun).path("status").asText()).isEqualTo("AWAITING_APPROVAL");
        Http.Answer approved = http.send("POST", "/api/v1/sagas/" + reviewedRun + "/approve", null, null, asOperator);
        assertThat(approved.status()).as(approved.body()).isIn(200, 202);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!saga(reviewedRun).path("status").asText().equals("COMPLETED") && System.nanoTime() < deadline) {
            sleep(100);
        }

        // then: each run was served by its variant's version, and the candidate never became the active one
        for (String run : List.of(longerRun, currentRun, reviewedRun)) {
            assertThat(saga(run).path("status").asText()).as(run).isEqualTo("COMPLETED");
        }
        assertThat(timeout(longerRun)).isEqualTo(Duration.ofHours(2));
        assertThat(timeout(currentRun)).isEqualTo(Duration.ofHours(1));
        // the saga log holds each step's compensation on the version that ran it, the resumed steps included
        assertThat(compensations(longerRun)).hasSize(4).allMatch(uri -> uri.endsWith("--v" + candidate));
        assertThat(compensations(reviewedRun)).hasSize(4).allMatch(uri -> uri.endsWith("--v" + candidate));
        assertThat(compensations(currentRun)).hasSize(4).noneMatch(uri -> uri.contains("--v"));
        assertThat(camel.getRoute(copyRoute)).as("the candidate's copy serves beside the active version").isNotNull();
        assertThat(jdbc.queryForObject("SELECT version FROM route_version WHERE route_id = ? AND status = 'active'",
                Integer.class, unit)).isEqualTo(activeVersion);
        assertThat(get(id).path("variants").findValuesAsText("runs")).containsExactly("1", "2");

        // when: the experiment stops and its runs are done; then the copy goes at the next reconcile
        assertThat(http.send("POST", "/api/v1/experiments/" + id + "/stop", null, null, asOperator).status())
                .isEqualTo(200);
        routes.reconcileCopies();
        assertThat(camel.getRoute(copyRoute)).isNull();
        // and the saga service the copy's routes used keeps serving (Camel's saga EIP stops it with a route)
        String later = start(sessionsFor(id, "current", 1).get(0), false);
        awaitSettled(later);
        assertThat(saga(later).path("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void should_refuse_a_route_version_variant_that_cannot_run_beside_the_active_version() {
        // an agent's unit consumes from the bus: two versions cannot both consume its queue
        Http.Answer refused = http.postJson("/api/v1/experiments", experiment("ctr", 1000, 0.05, null,
                variant("control", 1, true, "neutral"),
                "{\"name\":\"agent\",\"weight\":1,\"routeVersion\":{\"routeId\":\"faq-responder\",\"version\":1}}"),
                Http.bearer(operator.accessToken()));
        assertProblem(refused, 422, "unprocessable");
        assertThat(refused.json().path("detail").asText()).contains("not part of the unit where runs");
    }

    private JsonNode saga(String runId) {
        return http.get("/api/v1/sagas/" + runId, Http.bearer(operator.accessToken())).json();
    }

    private List<String> compensations(String runId) {
        return jdbc.queryForList("SELECT compensation_uri FROM saga_step WHERE saga_id = ?::uuid "
                + "AND compensation_uri IS NOT NULL", String.class, runId);
    }

    private Duration timeout(String runId) {
        JsonNode saga = saga(runId);
        Duration d = Duration.between(java.time.Instant.parse(saga.path("createdAt").asText()),
                java.time.Instant.parse(saga.path("timeoutAt").asText()));
        // created and the timeout set in the same transaction: round to the minute
        return Duration.ofMinutes(Math.round(d.toSeconds() / 60.0));
    }

    private int creativeArtifacts(String runId) {
        return count("SELECT count(*) FROM generated_artifact WHERE workflow_id = ?::uuid "
                + "AND agent = 'creative-synthesizer'", runId);
    }

    @Test
    void should_refuse_invalid_experiments_with_problems_and_store_nothing() {
        // given
        int before = count("SELECT count(*) FROM experiment");
        String control = variant("control", 1, true, "neutral");

        // when / then: schema rules (weight > 0, exactly one control, two variants or more) → 400
        assertInvalid(experiment("ctr", 10, 0.05, null, control, variant("b", 0, false, "x")), "/variants/1/weight");
        assertInvalid(experiment("ctr", 10, 0.05, null, control, variant("b", 1, true, "x")), "/variants");
        assertInvalid(experiment("ctr", 10, 0.05, null, variant("a", 1, false, "x"), variant("b", 1, false, "y")),
                "/variants");
        assertInvalid(experiment("ctr", 10, 0.05, null, control), "/variants");
        assertInvalid(experiment("ctr", 10, 0.05, null, control, variant("control", 1, false, "x")),
                "/variants/1/name");
        // a route-version variant must name a version the operator route registry holds → 422
        Http.Answer routes = http.postJson("/api/v1/experiments", experiment("ctr", 10, 0.05, null, control,
                "{\"name\":\"v2\",\"weight\":1,\"routeVersion\":{\"routeId\":\"viral-script\",\"version\":99999}}"),
                Http.bearer(operator.accessToken()));
        assertProblem(routes, 422, "unprocessable");
        assertThat(routes.body()).contains("viral-script has no version 99999");
        // a user may not create one
        Http.Answer asUser = http.postJson("/api/v1/experiments", experiment("ctr", 10, 0.05, null, control,
                variant("b", 1, false, "x")), Http.bearer(user.accessToken()));
        assertProblem(asUser, 403, "forbidden");
        assertThat(count("SELECT count(*) FROM experiment")).isEqualTo(before);

        // and a second running experiment on the same pipeline is a conflict
        create(experiment("ctr", 10, 0.05, null, control, variant("b", 1, false, "x")));
        Http.Answer second = http.postJson("/api/v1/experiments", experiment("ctr", 10, 0.05, null, control,
                variant("b", 1, false, "x")), Http.bearer(operator.accessToken()));
        assertProblem(second, 409, "conflict");
        assertProblem(http.get("/api/v1/experiments/" + UUID.randomUUID(), Http.bearer(operator.accessToken())),
                404, "not-found");
    }

    @Test
    void should_store_the_counters_polled_from_the_platform_stats_url() {
        // given: a running experiment with one published run, whose post the platform has stats for
        String id = create(experiment("ctr", 10, 0.05, null, variant("control", 1, true, "neutral"),
                variant("bold", 1, false, "bold"))).path("id").asText();
        String run = start(sessionsFor(id, "bold", 1).get(0), false);
        awaitSettled(run);
        String publication = publicationOf(run);
        String postId = jdbc.queryForObject("SELECT post_id FROM publication WHERE id = ?::uuid", String.class,
                publication);

        // when: the platform's stats API answers for that post (the poll runs every 500 ms here)
        STATS.put(postId, "{\"views\":77,\"likes\":5,\"shares\":2,\"clicks\":9,\"watchTimeSec\":400}");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("SELECT count(*) FROM publication_metrics WHERE publication_id = ?::uuid", publication) == 0
                && System.nanoTime() < deadline) {
            sleep(200);
        }

        // then: stored as the publication's snapshot, and counted for the variant
        assertThat(jdbc.queryForMap("SELECT views, clicks, watch_time_sec FROM publication_metrics "
                + "WHERE publication_id = ?::uuid", UUID.fromString(publication)))
                .containsEntry("views", 77L).containsEntry("clicks", 9L).containsEntry("watch_time_sec", 400L);
        JsonNode bold = variantOf(get(id), "bold");
        assertThat(bold.path("samples").path("trials").asLong()).isEqualTo(77);
        assertThat(bold.path("samples").path("successes").asLong()).isEqualTo(9);
    }

    // ---- helpers

    private static com.sun.net.httpserver.HttpServer statsServer() {
        try {
            com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/tiktok/stats/", exchange -> {
                String postId = exchange.getRequestURI().getPath().substring("/tiktok/stats/".length());
                String body = STATS.get(postId);
                byte[] bytes = (body == null ? "{\"error\":\"no stats\"}" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertInvalid(String body, String pointer) {
        Http.Answer answer = http.postJson("/api/v1/experiments", body, Http.bearer(operator.accessToken()));
        assertProblem(answer, 400, "validation");
        assertThat(answer.json().path("errors").findValuesAsText("pointer")).as(answer.body()).contains(pointer);
    }

    private static String experiment(String metric, long minSamples, double significance, String guardrail,
                                     String... variants) {
        return "{\"name\":\"it-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"pipeline\":\"viralization\","
                + "\"metric\":\"" + metric + "\",\"minSamples\":" + minSamples + ",\"significance\":" + significance
                + (guardrail == null ? "" : ",\"guardrail\":" + guardrail) + ",\"variants\":["
                + String.join(",", variants) + "]}";
    }

    private static String variant(String name, double weight, boolean control, String tone) {
        return "{\"name\":\"" + name + "\",\"weight\":" + weight + (control ? ",\"control\":true" : "")
                + ",\"parameters\":{\"tone\":\"" + tone + "\"}}";
    }

    private JsonNode create(String body) {
        Http.Answer answer = http.postJson("/api/v1/experiments", body, Http.bearer(operator.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json();
    }

    private JsonNode get(String id) {
        Http.Answer answer = http.get("/api/v1/experiments/" + id, Http.bearer(operator.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode await(String id, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode view = get(id);
        while (!condition.test(view) && System.nanoTime() < deadline) {
            sleep(100);
            view = get(id);
        }
        assertThat(condition.test(view)).as("experiment never got there: %s", view).isTrue();
        return view;
    }

    private static JsonNode variantOf(JsonNode view, String name) {
        for (JsonNode variant : view.path("variants")) {
            if (variant.path("name").asText().equals(name)) {
                return variant;
            }
        }
        throw new AssertionError("No variant " + name + " in " + view);
    }

    /** Fresh sessions of the user (each with a message) that the experiment assigns to {@code variant}. */
    private List<String> sessionsFor(String experimentId, String variant, int n) {
        List<ExperimentDefinition.Variant> variants = assignmentsVariants(experimentId);
        List<String> sessions = new ArrayList<>();
        while (sessions.size() < n) {
            String session = newSessionId();
            if (VariantPicker.pick(experimentId, session, variants).equals(variant)) {
                Http.Answer message = http.postJson("/api/v1/sessions/" + session + "/messages",
                        "{\"text\":\"We sell cold brew coffee\"}", Http.bearer(user.accessToken()));
                assertThat(message.status()).as(message.body()).isEqualTo(202);
                sessions.add(session);
            }
        }
        return sessions;
    }

    private List<ExperimentDefinition.Variant> assignmentsVariants(String experimentId) {
        return jdbc.query("SELECT name, weight, control FROM experiment_variant WHERE experiment_id = ?::uuid "
                + "ORDER BY position", (rs, i) -> new ExperimentDefinition.Variant(rs.getString(1), rs.getDouble(2),
                rs.getBoolean(3), Map.of(), null), experimentId);
    }

    private String start(String session, boolean paidPromotion) {
        Http.Answer answer = http.postJson("/api/v1/pipelines/viralization/runs", "{\"sessionId\":\"" + session
                + "\",\"brief\":\"A 30 second reel about our cold brew coffee\",\"platforms\":[\"tiktok\"]"
                + (paidPromotion ? ",\"paidPromotion\":true" : "") + "}", Http.bearer(user.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().path("runId").asText();
    }

    private void awaitSettled(String runId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = http.get("/api/v1/sagas/" + runId, Http.bearer(user.accessToken())).json().path("status")
                    .asText();
            if (SETTLED.contains(status)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("Run " + runId + " still " + status);
    }

    private String publicationOf(String runId) {
        List<String> ids = jdbc.queryForList("SELECT id::text FROM publication WHERE run_id = ?::uuid "
                + "AND platform = 'tiktok' AND status = 'PUBLISHED'", String.class, runId);
        assertThat(ids).as("published post of run %s", runId).hasSize(1);
        return ids.get(0);
    }

    /** Posts each publication's cumulative counters: the variant's views and clicks split over its publications. */
    private void postAll(Map<String, String> publicationVariant, Map<String, Long> viewsEach,
                         Map<String, Long> clicksEach) {
        publicationVariant.forEach((publication, variant) -> post(publication, viewsEach.get(variant), 0, 0,
                clicksEach.get(variant)));
    }

    private void post(String publication, long views, long likes, long shares, long clicks) {
        String body = "{\"views\":" + views + ",\"likes\":" + likes + ",\"shares\":" + shares + ",\"clicks\":"
                + clicks + ",\"watchTimeSec\":" + views * 7 + "}";
        Http.Answer answer = postMetrics(publication, body, WebhookSignature.sign(TIKTOK_SECRET, bytes(body)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("views").asLong()).isEqualTo(views);
    }

    private Http.Answer postMetrics(String publication, String body, String signature) {
        return http.postJson("/api/v1/publications/" + publication + "/metrics", body,
                WebhookSignature.HEADER, signature);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** No experiment of an earlier test (or an interrupted run) may split or steer the shared hub's runs. */
    private void endExperiments() {
        jdbc.update("UPDATE experiment SET status = 'stopped', stopped_by = 'test-cleanup', stopped_at = now() "
                + "WHERE status IN ('running', 'promoted')");
        jdbc.update("UPDATE experiment SET rolled_back_at = NULL WHERE rolled_back_at IS NOT NULL");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
