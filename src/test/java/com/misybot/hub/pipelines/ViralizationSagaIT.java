package com.misybot.hub.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.PublishPlatformStub;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The viralization saga end to end over HTTP, on the persistent saga service (real PostgreSQL), publishing to a
 * platform served by the test over real HTTP: completion, a failure at each step compensating exactly the steps
 * that began in reverse order and once, the policy gate's BLOCK / REVIEW → approve / reject, the approval timeout,
 * compensation retries, the operator retry of a FAILED_COMPENSATION saga, and the API's errors.
 */
// a hub of its own (own database, in-JVM bus), closed after this class
@DirtiesContext
class ViralizationSagaIT extends HubIntegrationTest {

    private static final PublishPlatformStub PLATFORM = PublishPlatformStub.start();
    private static final Set<String> FINAL = Set.of("COMPLETED", "COMPENSATED", "FAILED_COMPENSATION");
    private static boolean advised;
    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> UNDONE =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Autowired
    private CamelContext camel;
    @Autowired
    private com.misybot.hub.saga.SagaStore store;
    @Autowired
    private com.misybot.hub.saga.SagaProperties sagaProperties;
    @Autowired
    private com.misybot.hub.saga.SagaMetrics metrics;
    @Autowired
    private com.fasterxml.jackson.databind.ObjectMapper json;

    private TestUser user;
    private TestUser operator;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv().getOrDefault("HUB_TEST_SAGA_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/hub_test_saga"));
        registry.add("hub.bus.transport", () -> "local");
        registry.add("hub.publish.platforms.tiktok.url", () -> PLATFORM.url("tiktok"));
        registry.add("hub.publish.platforms.youtube-shorts.url", () -> PLATFORM.url("youtube-shorts"));
        registry.add("hub.publish.platforms.instagram-reels.url", () -> PLATFORM.url("instagram-reels"));
        registry.add("hub.publish.timeout-millis", () -> "2000");
        registry.add("hub.pipelines.viralization.approval-timeout", () -> "PT4S");
        registry.add("hub.saga.recovery-interval", () -> "200ms");
        registry.add("hub.saga.compensation.initial-backoff", () -> "200ms");
        registry.add("hub.saga.compensation.max-attempts", () -> "3");
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        PLATFORM.reset();
        user = user("user");
        operator = user("operator");
        if (!advised) {
            // failures injected inside the script and artifacts steps (after the step began, before its work)
            for (String step : List.of("script", "artifacts")) {
                AdviceWith.adviceWith(camel, "viral-" + step, a -> a.weaveByToUri("kamelet:context-snapshot-action*")
                        .before().process(e -> {
                            ViralizationRun run = e.getVariable("run", ViralizationRun.class);
                            if (run.brief().contains("[fail:" + step + "]")) {
                                throw new IllegalStateException("injected failure in step " + step);
                            }
                        }));
            }
            // and a failure to hand an accepted run to a worker
            AdviceWith.adviceWith(camel, "viralization-begin", a -> a.weaveByToUri("seda:viralization-run*")
                    .before().process(e -> {
                        if (e.getVariable("run", ViralizationRun.class).brief().contains("[fail:begin]")) {
                            throw new IllegalStateException("injected: the run queue is full");
                        }
                    }));
            advised = true;
        }
    }

    @Test
    void should_complete_and_publish_on_every_platform_when_the_brief_is_clean() {
        // given a session and a clean brief for two platforms
        String session = session(user);

        // when the run is started
        String runId = start(user, session, "A 30 second reel about our cold brew coffee", "tiktok",
                "youtube-shorts");

        // then it completes with every step done, one live post per platform and published calendar entries
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPLETED");
        assertThat(stepNames(saga)).containsExactly("accept", "script", "policy", "artifacts", "schedule", "publish");
        saga.path("steps").forEach(step -> assertThat(step.path("status").asText()).isEqualTo("DONE"));
        assertThat(postsOf(runId)).hasSize(2).allSatisfy(post -> assertThat(PLATFORM.livePosts()).containsKey(post));
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE run_id = ?::uuid AND status = 'PUBLISHED'",
                runId)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE workflow_id = ?::uuid AND status = 'draft'",
                runId)).isGreaterThanOrEqualTo(2);
        assertThat(saga.path("output").path("policy").path("verdict").asText()).isEqualTo("ALLOW");
        assertThat(saga.path("steps").get(5).path("durationMs").asLong()).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"script", "artifacts", "schedule", "publish"})
    void should_compensate_the_steps_that_began_in_reverse_order_once_when_a_step_fails(String failing)
            throws Exception {
        // given a run that will fail in step `failing`
        String session = session(user);
        String brief = "A 30 second reel about iced matcha";
        String publishAt = null;
        List<String> platforms = List.of("tiktok", "youtube-shorts");
        switch (failing) {
            case "script", "artifacts" -> brief += " [fail:" + failing + "]";
            case "schedule" -> {
                // the slot is already taken by another post of the same account
                publishAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS).toString();
                jdbc.update("INSERT INTO calendar_entry (id, owner_id, platform, publish_at, slot_start, status) "
                        + "VALUES (?, ?, 'youtube-shorts', ?::timestamptz, ?::timestamptz, 'SCHEDULED')",
                        UUID.randomUUID(), user.id(), publishAt, publishAt);
            }
            default -> PLATFORM.fail("youtube-shorts"); // tiktok is posted first, then youtube-shorts fails
        }

        // when it runs
        String runId = start(user, session, brief, publishAt, false, platforms.toArray(String[]::new));

        // then exactly the steps up to the failing one were compensated, last first, each once
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPENSATED");
        List<String> expected = new ArrayList<>(List.of("accept", "script", "policy", "artifacts", "schedule",
                "publish"));
        expected = expected.subList(0, expected.indexOf(failing) + 1);
        assertThat(stepNames(saga)).containsExactlyElementsOf(expected);
        JsonNode failed = saga.path("steps").get(expected.size() - 1);
        assertThat(failed.path("error").asText()).isNotBlank();
        List<Map<String, Object>> compensated = jdbc.queryForList("SELECT name, compensations FROM saga_step "
                + "WHERE saga_id = ?::uuid AND compensation_uri IS NOT NULL ORDER BY compensated_at, step_index DESC",
                runId);
        List<String> withCompensation = expected.stream().filter(s -> !Set.of("accept", "policy").contains(s))
                .toList();
        assertThat(compensated).extracting(row -> row.get("name"))
                .containsExactlyElementsOf(reversed(withCompensation));
        assertThat(compensated).allSatisfy(row -> assertThat(row.get("compensations")).isEqualTo(1));
        // and what they had done is undone
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE workflow_id = ?::uuid AND status <> "
                + "'withdrawn'", runId)).isZero();
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE run_id = ?::uuid AND status <> 'CANCELLED'",
                runId)).isZero();
        if ("publish".equals(failing)) {
            List<String> posts = postsOf(runId);
            assertThat(posts).hasSize(1);
            assertThat(PLATFORM.livePosts()).doesNotContainKey(posts.get(0));
            assertThat(PLATFORM.calls()).filteredOn(c -> c.method().equals("DELETE")
                    && c.postId().equals(posts.get(0))).hasSize(1);
        }
    }

    @Test
    void should_run_under_the_canonical_platform_name_when_the_request_names_an_alias() {
        // given "youtube", an alias of youtube-shorts in config/platforms.yaml
        String runId = start(user, session(user), "A reel about our cold brew bottles", "youtube");

        // then the run publishes on youtube-shorts
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForList("SELECT platform FROM publication WHERE run_id = ?::uuid", String.class, runId))
                .containsExactly("youtube-shorts");
        assertThat(PLATFORM.calls()).filteredOn(c -> (runId + ":youtube-shorts").equals(c.idempotencyKey()))
                .isNotEmpty();
    }

    @Test
    void should_find_and_take_down_a_post_whose_answer_came_too_late_when_publish_times_out() {
        // given: tiktok creates the post but answers after the hub's publish timeout (2 s in this hub)
        PLATFORM.answerSlowly("tiktok", 3500);

        // (not "cold brew tonic": the offline script's "Here's how reel cold brew tonic fixes it, in seconds." reads as
        // a possible health claim to the policy gate, which sends it to review; this test is about the timeout)
        String runId = start(user, session(user), "A reel about our cold brew", "tiktok");

        // then the step fails on the timeout, and the compensation learns the post's id by repeating the POST with
        // the same Idempotency-Key, then deletes it
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPENSATED");
        assertThat(saga.path("steps").size()).as(saga.toString()).isGreaterThan(5);
        assertThat(saga.path("steps").get(5).path("error").asText()).containsIgnoringCase("timed out");
        List<PublishPlatformStub.Call> calls = PLATFORM.calls().stream()
                .filter(c -> (runId + ":tiktok").equals(c.idempotencyKey()) || c.method().startsWith("DELETE"))
                .filter(c -> c.postId() != null && postsOf(runId).contains(c.postId())).toList();
        assertThat(calls).extracting(PublishPlatformStub.Call::method).containsExactly("POST", "POST", "DELETE");
        assertThat(PLATFORM.livePosts()).doesNotContainKeys(postsOf(runId).toArray(String[]::new));
        assertThat(jdbc.queryForObject("SELECT status FROM publication WHERE run_id = ?::uuid", String.class, runId))
                .isEqualTo("DELETED");
    }

    @Test
    void should_compensate_the_new_saga_and_answer_an_error_when_the_run_cannot_be_handed_to_a_worker() {
        String session = session(user);

        Http.Answer answer = post(user, "{\"sessionId\":\"" + session + "\",\"brief\":\"A reel [fail:begin]\","
                + "\"platforms\":[\"tiktok\"]}");

        assertProblem(answer, 500, "internal");
        assertThat(jdbc.queryForList("SELECT status FROM saga WHERE session_id = ?", String.class, session))
                .containsExactly("COMPENSATED");
    }

    @Test
    void should_block_and_compensate_when_the_brief_makes_a_health_claim() {
        String runId = start(user, session(user), "Our tea is a miracle cure for tiredness", "tiktok");

        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).isEqualTo("COMPENSATED");
        assertThat(saga.path("error").asText()).contains("Blocked by policy");
        assertThat(stepNames(saga)).containsExactly("accept", "script", "policy");
        assertThat(saga.path("steps").get(2).path("status").asText()).isEqualTo("FAILED");
        assertThat(saga.path("output").path("policy").path("verdict").asText()).isEqualTo("BLOCK");
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE workflow_id = ?::uuid AND status = "
                + "'withdrawn'", runId)).isEqualTo(1);
        assertThat(postsOf(runId)).isEmpty();
    }

    @Test
    void should_block_a_rephrased_health_claim_that_no_pattern_of_the_policy_lists() {
        // "cure diabetes" is in no pattern: the policy gate finds it by meaning (the health rule's examples)
        String runId = start(user, session(user), "Our bottle is guaranteed to cure diabetes", "tiktok");

        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).isEqualTo("COMPENSATED");
        JsonNode policy = saga.path("output").path("policy");
        assertThat(policy.path("verdict").asText()).isEqualTo("BLOCK");
        assertThat(policy.path("findings").get(0).path("ruleId").asText()).isEqualTo("health-claims");
        assertThat(policy.path("findings").get(0).path("message").asText()).contains("by meaning");
        assertThat(postsOf(runId)).isEmpty();
    }

    @Test
    void should_wait_for_review_and_complete_when_an_operator_approves_undisclosed_promotion() {
        // given paid promotion without #ad: the gate sends it to REVIEW
        String runId = start(user, session(user), "Use my code BREW10 for our cold brew kit", "tiktok");
        JsonNode paused = await(runId, user, Set.of("AWAITING_APPROVAL"));
        assertThat(paused.path("output").path("policy").path("verdict").asText()).isEqualTo("REVIEW");
        assertThat(stepNames(paused)).containsExactly("accept", "script", "policy");

        // a plain user may not approve
        assertProblem(http.send("POST", "/api/v1/sagas/" + runId + "/approve", null, null,
                Http.bearer(user.accessToken())), 403, "forbidden");

        // when an operator approves
        Http.Answer approved = http.send("POST", "/api/v1/sagas/" + runId + "/approve", null, null,
                Http.bearer(operator.accessToken()));
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);

        // then the run goes on to the end
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPLETED");
        assertThat(stepNames(saga)).containsExactly("accept", "script", "policy", "artifacts", "schedule", "publish");
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE workflow_id = ?::uuid AND event_type = "
                + "'saga.approve' AND actor_id = ?", runId, operator.id())).isEqualTo(1);
        // and one record of the audit chain, naming the operator
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'saga.approve' AND target = ? AND actor = ? "
                + "AND role = 'operator'", "run:" + runId, operator.id())).isEqualTo(1);
        // approving twice is a conflict
        assertProblem(http.send("POST", "/api/v1/sagas/" + runId + "/approve", null, null,
                Http.bearer(operator.accessToken())), 409, "conflict");
    }

    @Test
    void should_compensate_when_an_operator_rejects_a_run_under_review() {
        String runId = start(user, session(user), "Sponsored: our new mug, use my code MUG5", "tiktok");
        await(runId, user, Set.of("AWAITING_APPROVAL"));

        assertProblem(http.send("POST", "/api/v1/sagas/" + runId + "/reject?reason=" + "x".repeat(501), null, null,
                Http.bearer(operator.accessToken())), 400, "bad-request");
        Http.Answer rejected = http.send("POST", "/api/v1/sagas/" + runId + "/reject?reason=no%20disclosure%20tag",
                null, null, Http.bearer(operator.accessToken()));

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).isEqualTo("COMPENSATED");
        assertThat(saga.path("error").asText()).contains("rejected by " + operator.username());
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE workflow_id = ?::uuid AND status = "
                + "'withdrawn'", runId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'saga.reject' AND target = ? AND actor = ? "
                + "AND details->>'reason' = 'no disclosure tag'", "run:" + runId, operator.id())).isEqualTo(1);
    }

    @Test
    void should_compensate_when_nobody_decides_before_the_approval_timeout() {
        String runId = start(user, session(user), "Use my code LATE for our espresso beans", "tiktok");
        await(runId, user, Set.of("AWAITING_APPROVAL"));

        // approval-timeout is PT4S in this hub
        JsonNode saga = awaitFinal(runId, user);

        assertThat(saga.path("status").asText()).isEqualTo("COMPENSATED");
        assertThat(saga.path("error").asText()).isEqualTo("timed out");
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE workflow_id = ?::uuid AND status = "
                + "'withdrawn'", runId)).isEqualTo(1);
    }

    @Test
    void should_retry_a_failing_compensation_until_it_succeeds() {
        // given: youtube-shorts fails the publish step, and the platform refuses the first two DELETEs of tiktok
        PLATFORM.fail("youtube-shorts");
        PLATFORM.failDeletes(2);

        String runId = start(user, session(user), "A reel about our oat latte", "tiktok", "youtube-shorts");

        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPENSATED");
        JsonNode publish = saga.path("steps").get(5);
        assertThat(publish.path("name").asText()).isEqualTo("publish");
        assertThat(publish.path("attempts").asInt()).isEqualTo(2);
        assertThat(publish.path("compensations").asInt()).isEqualTo(1);
        String post = postsOf(runId).get(0);
        assertThat(PLATFORM.calls()).filteredOn(c -> post.equals(c.postId()))
                .extracting(PublishPlatformStub.Call::method).containsExactly("POST", "DELETE-FAILED",
                        "DELETE-FAILED", "DELETE");
        assertThat(PLATFORM.livePosts()).doesNotContainKey(post);
    }

    @Test
    void should_leave_it_to_an_operator_and_retry_on_demand_when_a_compensation_keeps_failing() {
        PLATFORM.fail("youtube-shorts");
        PLATFORM.failDeletes(1000);
        String runId = start(user, session(user), "A reel about our chai", "tiktok", "youtube-shorts");

        JsonNode failed = awaitFinal(runId, user);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED_COMPENSATION");
        assertThat(failed.path("error").asText()).contains("compensation of step publish failed (attempt 3)");
        // earlier steps stay as they are until the failing one is undone: reverse order holds
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE run_id = ?::uuid AND status <> 'CANCELLED'",
                runId)).isEqualTo(2);

        PLATFORM.reset();
        Http.Answer retried = http.send("POST", "/api/v1/sagas/" + runId + "/retry-compensation", null, null,
                Http.bearer(operator.accessToken()));

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        JsonNode saga = awaitFinal(runId, user);
        assertThat(saga.path("status").asText()).isEqualTo("COMPENSATED");
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE run_id = ?::uuid AND status <> 'CANCELLED'",
                runId)).isZero();
        assertThat(PLATFORM.livePosts()).doesNotContainKey(postsOf(runId).get(0));
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'saga.retry-compensation' AND target = ? "
                + "AND actor = ?", "run:" + runId, operator.id())).isEqualTo(1);
    }

    @Test
    void should_answer_problems_and_store_nothing_when_the_request_is_bad() {
        String session = session(user);
        int before = count("SELECT count(*) FROM saga");

        assertProblem(post(user, "{\"sessionId\":\"" + session + "\",\"brief\":\"x\",\"platforms\":[]}"), 400,
                "validation");
        assertProblem(post(user, "{\"sessionId\":\"" + session + "\",\"brief\":\"a fine brief\","
                + "\"platforms\":[\"myspace\"]}"), 400, "bad-request");
        assertProblem(post(user, "{\"sessionId\":\"nope-" + UUID.randomUUID() + "\",\"brief\":\"a fine brief\","
                + "\"platforms\":[\"tiktok\"]}"), 404, "not-found");
        assertProblem(post(user, "{\"sessionId\":\"" + session + "\",\"brief\":\"a fine brief\","
                + "\"platforms\":[\"tiktok\"],\"publishAt\":\"tomorrow\"}"), 400, "bad-request");
        assertProblem(post(user, "{not json"), 400, "malformed-json");

        assertThat(count("SELECT count(*) FROM saga")).isEqualTo(before);
        assertProblem(http.get("/api/v1/sagas", Http.bearer(user.accessToken())), 403, "forbidden");
        assertProblem(http.get("/api/v1/sagas/" + UUID.randomUUID(), Http.bearer(operator.accessToken())), 404,
                "not-found");
        assertProblem(http.get("/api/v1/sagas?status=DONE", Http.bearer(operator.accessToken())), 400,
                "bad-request");
    }

    @Test
    void should_show_a_run_to_its_owner_and_operators_only() {
        String runId = start(user, session(user), "A reel about our cold brew cans", "tiktok");
        awaitFinal(runId, user);
        TestUser other = user("user");

        assertProblem(http.get("/api/v1/sagas/" + runId, Http.bearer(other.accessToken())), 404, "not-found");
        assertThat(http.get("/api/v1/sagas/" + runId, Http.bearer(operator.accessToken())).status()).isEqualTo(200);
        Http.Answer list = http.get("/api/v1/sagas?status=COMPLETED", Http.bearer(operator.accessToken()));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("sagas").findValuesAsText("runId")).contains(runId);
        assertThat(list.json().path("sagas").findValuesAsText("status")).containsOnly("COMPLETED");
    }

    @Test
    void should_compensate_each_lost_saga_exactly_once_when_two_replicas_recover_at_the_same_time() throws Exception {
        // given 200 sagas left RUNNING by a dead instance, each with two steps to undo
        if (camel.getRoute("test-undo") == null) {
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:test-undo").routeId("test-undo").process(e -> UNDONE.computeIfAbsent(
                            e.getMessage().getHeader("Long-Running-Action", String.class) + "/"
                                    + e.getMessage().getHeader("sagaStep", String.class),
                            k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet());
                }
            });
        }
        UNDONE.clear();
        String name = "replica-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> lost = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID id = UUID.randomUUID();
            lost.add(id);
            jdbc.update("INSERT INTO saga (id, name, status, instance_id, lease_until) VALUES (?, ?, 'RUNNING', "
                    + "'dead-instance', now() - interval '1 minute')", id, name);
            for (int step = 0; step < 2; step++) {
                jdbc.update("INSERT INTO saga_step (id, saga_id, step_index, name, status, compensation_uri, options)"
                        + " VALUES (?, ?, ?, ?, 'DONE', 'direct://test-undo', ?::jsonb)", UUID.randomUUID(), id, step,
                        "s" + step, "{\"sagaStep\":\"s" + step + "\"}");
            }
        }

        // when this hub and a second replica (another saga service on the same database) recover at once
        com.misybot.hub.saga.PersistentSagaService replica = new com.misybot.hub.saga.PersistentSagaService(
                store, sagaProperties, metrics, json);
        replica.setCamelContext(camel);
        replica.start();
        try {
            com.misybot.hub.saga.SagaRecovery replicaRecovery = new com.misybot.hub.saga.SagaRecovery(replica, store,
                    sagaProperties);
            replicaRecovery.open();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (count("SELECT count(*) FROM saga WHERE name = ? AND status <> 'COMPENSATED'", name) > 0
                    && System.nanoTime() < deadline) {
                replicaRecovery.run();
                sleep(50);
            }
        } finally {
            replica.stop();
        }

        // then every saga is compensated, each step exactly once, in reverse order
        assertThat(count("SELECT count(*) FROM saga WHERE name = ? AND status = 'COMPENSATED'", name))
                .isEqualTo(200);
        assertThat(UNDONE).hasSize(400);
        assertThat(UNDONE.values()).allMatch(n -> n.get() == 1);
        assertThat(count("SELECT count(*) FROM saga_step st JOIN saga s ON s.id = st.saga_id WHERE s.name = ? "
                + "AND (st.compensations <> 1 OR st.status <> 'COMPENSATED')", name)).isZero();
        assertThat(count("SELECT count(*) FROM saga s WHERE name = ? AND (SELECT compensated_at FROM "
                + "saga_step WHERE saga_id = s.id AND step_index = 1) > (SELECT compensated_at FROM saga_step WHERE "
                + "saga_id = s.id AND step_index = 0)", name)).isZero();
    }

    // ---- helpers

    private String session(TestUser owner) {
        String session = newSessionId();
        Http.Answer answer = http.postJson("/api/v1/sessions/" + session + "/messages",
                "{\"text\":\"We sell cold brew coffee\",\"channel\":\"web\"}", Http.bearer(owner.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return session;
    }

    private String start(TestUser owner, String session, String brief, String... platforms) {
        return start(owner, session, brief, null, false, platforms);
    }

    private String start(TestUser owner, String session, String brief, String publishAt, boolean paid,
                         String... platforms) {
        String body = "{\"sessionId\":\"" + session + "\",\"brief\":\"" + brief + "\",\"platforms\":[\""
                + String.join("\",\"", platforms) + "\"]" + (publishAt == null ? "" : ",\"publishAt\":\""
                + publishAt + "\"") + (paid ? ",\"paidPromotion\":true" : "") + "}";
        Http.Answer answer = post(owner, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().path("runId").asText();
    }

    private Http.Answer post(TestUser owner, String body) {
        return http.postJson("/api/v1/pipelines/viralization/runs", body, Http.bearer(owner.accessToken()));
    }

    private JsonNode awaitFinal(String runId, TestUser reader) {
        return await(runId, reader, FINAL);
    }

    private JsonNode await(String runId, TestUser reader, Set<String> statuses) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonNode saga = null;
        while (System.nanoTime() < deadline) {
            Http.Answer answer = http.get("/api/v1/sagas/" + runId, Http.bearer(reader.accessToken()));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            saga = answer.json();
            if (statuses.contains(saga.path("status").asText())) {
                return saga;
            }
            sleep(100);
        }
        throw new AssertionError("Saga " + runId + " never reached " + statuses + ": " + saga);
    }

    private List<String> postsOf(String runId) {
        return jdbc.queryForList("SELECT post_id FROM publication WHERE run_id = ?::uuid AND post_id IS NOT NULL",
                String.class, runId);
    }

    private static List<String> stepNames(JsonNode saga) {
        return saga.path("steps").findValuesAsText("name");
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
