package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.support.BusProbeRoutes;
import com.misybot.hub.support.BrowserTools;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.PublishPlatformStub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15, item 5: the live console ({@code /console/}) in a real browser. Runs
 * {@code src/test/browser/live-console.mjs} (Playwright driving Debian's headless Chromium) against this hub: an
 * operator pauses the test agent {@code bus-probe} and watches its queue grow while this test sends it messages,
 * resumes it and watches the queue drain, approves a viralization run awaiting review, replays a dead letter and sees
 * a log line this test writes; an auditor sees the panels without one action button and its pause through the API is
 * refused; a plain user is turned away. Then the hub's own records are checked: Camel's route state, the broker's
 * queues, the agent's effects, the saga and the audit chain.
 */
// its own context (the stub platform's URL): closed after the class, so later tests see one hub's consumers and routes
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
class LiveConsoleBrowserIT extends HubIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConsoleBrowserIT.class);
    private static final Path BROWSER_TESTS = BrowserTools.BROWSER_TESTS;
    private static final Path SCRIPT = BROWSER_TESTS.resolve("live-console.mjs");
    private static final Path SCREENSHOTS = Path.of("target/screenshots/live-console");
    private static final String CHROMIUM = BrowserTools.CHROMIUM;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(8);
    private static final String PROBE = "bus-probe";
    private static final String PROBE_QUEUE = "hub.agent.bus-probe";
    private static final String CONSUMER = "bus-rabbitmq-in-bus-probe";
    private static final Set<String> FINAL = Set.of("COMPLETED", "COMPENSATED", "FAILED_COMPENSATION");
    private static final int MESSAGES = 8;
    /**
     * The approved run publishes here: the default sandbox platform URL names server.port, which is 0 on a random
     * port, so the run would fail to publish (ViralizationSagaIT and ExperimentsIT do the same).
     */
    private static final PublishPlatformStub PLATFORM = PublishPlatformStub.start();
    /** The console's promise: a change on the hub is on the page within a second. */
    private static final long LIVE_MILLIS = 1000;

    @Autowired
    ProducerTemplate producer;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    CachingConnectionFactory connections;
    @Autowired
    CamelContext camel;
    @Autowired
    AgentControl control;

    /** The messages this test sent the paused agent, and when the first and last left. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private volatile long firstSentAt;
    private volatile long lastSentAt;
    private volatile long loggedAt;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        registry.add("hub.publish.platforms.tiktok.url", () -> PLATFORM.url("tiktok"));
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.close();
    }

    @BeforeEach
    void startFromARunningProbe() {
        jdbc.update("DELETE FROM agent_control");
        control.reconcileAll();
        rabbit.execute(channel -> {
            channel.queuePurge(PROBE_QUEUE);
            channel.queuePurge(PROBE_QUEUE + ".dlq");
            return null;
        });
    }

    private String policy;
    private TestUser policyOperator;

    @AfterEach
    void leaveEveryAgentRunning() {
        jdbc.update("DELETE FROM agent_control");
        control.reconcileAll();
    }

    @AfterEach
    void retireThePolicy() {
        // the database is shared with the other tests and the next runs: the console's policy judges nothing after
        if (policy != null && policyOperator != null) {
            http.send("DELETE", "/api/v1/admin/policies/" + policy, null, null,
                    Http.bearer(policyOperator.accessToken()));
        }
    }

    @Test
    void should_show_each_change_within_a_second_and_offer_actions_to_operators_only_when_used_in_a_browser()
            throws Exception {
        // given: the three people, a run waiting for review and a dead letter that will succeed when replayed
        TestUser operator = user("operator");
        TestUser auditor = user("auditor");
        TestUser owner = user("user");
        String session = newSessionId();
        String runId = runAwaitingApproval(owner, session);
        String deadLetter = deadLetter();
        BusProbeRoutes.heal(deadLetter);
        long lastAuditRecord = jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_log", Long.class);
        // a candidate policy version for the operator to activate from the console (retired after the test)
        policy = "console-" + new java.util.Random().ints(8, 'a', 'z' + 1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
        Http.Answer submitted = http.send("POST", "/api/v1/admin/policies/" + policy + "/versions",
                "application/yaml", "rules:\n  - id: " + policy + "-terms\n    kind: blocked-terms\n"
                        + "    description: A term only this test uses.\n    verdict: REVIEW\n"
                        + "    patterns: [\"qwyzzle\"]\n", Http.bearer(operator.accessToken()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        policyOperator = operator;

        // when
        Run run = runScript(operator, auditor, owner, session, runId, deadLetter);

        // then: the browser saw every step
        assertThat(run.exitCode()).as("browser script failed (screenshots in %s):%n%s", SCREENSHOTS.toAbsolutePath(),
                run.output()).isZero();
        JsonNode result = run.result();
        assertThat(result.path("pageProblems")).as("script errors or CSP violations on the page").isEmpty();
        assertThat(texts(result.at("/operator/agents")))
                .contains("front-desk", "faq-responder", "creative-synthesizer", "video-scriptor", PROBE);
        assertThat(result.at("/operator/role").asText()).contains(operator.username()).contains("operator");

        // the queue grew on the page as the messages arrived (more than one step), and drained after the resume
        List<Integer> ready = new ArrayList<>();
        result.at("/operator/readyWhilePaused").forEach(n -> ready.add(n.asInt()));
        assertThat(ready).as("ready counts the page showed while paused").isSorted().endsWith(MESSAGES);
        assertThat(ready.stream().filter(n -> n > 0 && n < MESSAGES).count())
                .as("intermediate counts shown: %s", ready).isPositive();
        // running or idle; degraded when the earlier dead letter and failures of the window weigh on its score
        assertThat(result.at("/operator/statusAfterResume").asText()).isIn("running", "idle", "degraded");

        // every live change showed within a second of happening on the hub
        long firstShown = result.at("/shownAt/firstMessage").asLong() - firstSentAt;
        long allShown = result.at("/shownAt/allMessages").asLong() - lastSentAt;
        long logShown = result.at("/shownAt/logLine").asLong() - loggedAt;
        LOG.info("Live console delays: first message {} ms, last message {} ms, log line {} ms", firstShown,
                allShown, logShown);
        assertThat(firstShown).as("first message in the queue → on the page").isBetween(0L, LIVE_MILLIS);
        assertThat(allShown).as("last message in the queue → on the page").isBetween(0L, LIVE_MILLIS);
        assertThat(logShown).as("log line written → on the page").isBetween(0L, LIVE_MILLIS);

        // the inspector showed the run's session with the run; logging out forgot the tokens
        assertThat(result.at("/operator/inspected/session").asText()).isEqualTo(session);
        assertThat(result.at("/operator/inspected/pipelines").asText()).contains(runId);
        assertThat(result.at("/operator/inspected/turns").asInt()).isPositive();
        assertThat(result.at("/operator/tokensAfterLogout").isNull()).isTrue();
        // the charts panel showed semantic memory's backlog as GET /admin/metrics gives it (other hub contexts of
        // the run embed in the background, so the figures themselves are not steered here: GeneratingAgentsIT does)
        JsonNode embeddings = result.at("/operator/embeddings");
        assertThat(embeddings.path("text").asText()).matches(embeddings.path("pendingTurns").asLong()
                + embeddings.path("pendingArtifacts").asLong() == 0 ? "Semantic memory: up to date.*"
                : "Semantic memory: " + embeddings.path("pendingTurns").asLong() + " turns and "
                        + embeddings.path("pendingArtifacts").asLong() + " artifacts waiting to be embedded.*");
        assertThat(result.at("/operator/panelsAfterLogout").asBoolean()).isFalse();

        // the auditor saw the panels, no action, refusals as messages, and the API refused its pause
        assertThat(result.at("/operator/policy/active").asText()).isEqualTo("1");
        assertThat(result.at("/operator/policy/status").asText()).isEqualTo("active");
        assertThat(result.at("/operator/policy/text").asText()).contains("activated by " + operator.id());
        assertThat(result.at("/operator/policy/shipped").asText()).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT status || ' by ' || activated_by FROM policy_version "
                + "WHERE policy_id = ? AND version = 1", String.class, policy)).isEqualTo("active by " + operator.id());
        assertThat(result.at("/auditor/policies").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(result.at("/auditor/agentsShown").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(result.at("/auditor/actionButtons")).isEmpty();
        assertThat(result.at("/auditor/sagasMessage").asText()).contains("403");
        assertThat(result.at("/auditor/deadLettersMessage").asText()).contains("403");
        assertThat(result.at("/auditor/pauseAttempt/status").asInt()).isEqualTo(403);
        assertThat(result.at("/auditor/pauseAttempt/contentType").asText()).startsWith("application/problem+json");
        assertThat(result.at("/auditor/pauseAttempt/problem/type").asText()).endsWith("forbidden");
        assertThat(result.at("/user/message").asText()).contains("not for your account");
        assertThat(result.at("/user/panelsVisible").asBoolean()).isFalse();

        // and the hub's own view: the probe consumes again, every message had its one effect, nothing waits
        assertThat(camel.getRouteController().getRouteStatus(CONSUMER)).isEqualTo(ServiceStatus.Started);
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.stream().allMatch(id -> effects(id) == 1)
                && effects(deadLetter) == 1);
        RabbitAdmin broker = new RabbitAdmin(connections);
        assertThat(broker.getQueueInfo(PROBE_QUEUE).getMessageCount()).isZero();
        assertThat(broker.getQueueInfo(PROBE_QUEUE + ".dlq").getMessageCount()).isZero();
        assertThat(broker.getQueueInfo(PROBE_QUEUE).getConsumerCount()).isPositive();
        Map<String, Object> row = jdbc.queryForMap("SELECT desired, updated_by, reason FROM agent_control "
                + "WHERE agent = ?", PROBE);
        assertThat(row).containsEntry("desired", "running").containsEntry("updated_by", operator.id())
                .containsEntry("reason", "live console test");
        // the console's clicks are the operator's audited actions (the auditor's refused pause changed nothing:
        // the row is the operator's resume)
        for (String action : List.of("agent.pause", "agent.resume", "dlq.replay", "policy.activate")) {
            assertThat(count("SELECT count(*) FROM audit_log WHERE seq > ? AND action = ? AND actor = ?",
                    lastAuditRecord, action, operator.id())).as(action).isEqualTo(1);
        }

        // the approved run went on past the policy gate to the end: published on the platform, approved by the operator
        await().atMost(Duration.ofSeconds(60)).until(() -> FINAL.contains(sagaStatus(runId, operator)));
        JsonNode saga = http.get("/api/v1/sagas/" + runId, Http.bearer(operator.accessToken())).json();
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPLETED");
        assertThat(PLATFORM.calls()).anyMatch(call -> call.method().equals("POST") && call.platform().equals("tiktok")
                && call.postId() != null);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'saga.approve' AND target = ? AND actor = ? "
                + "AND details->>'reason' = 'disclosure checked by the live console test'", "run:" + runId,
                operator.id())).isEqualTo(1);
        assertThat(SCREENSHOTS.resolve("operator-02-agent-paused-queue-growing.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("auditor-01-read-only.png")).isNotEmptyFile();
        assertThat(SCREENSHOTS.resolve("operator-09-embeddings.png")).isNotEmptyFile();
    }

    /** A viralization run of paid promotion without disclosure: the policy gate sends it to review. */
    private String runAwaitingApproval(TestUser owner, String session) {
        String[] asOwner = Http.bearer(owner.accessToken());
        Http.Answer message = http.postJson("/api/v1/sessions/" + session + "/messages",
                "{\"text\":\"We sell cold brew coffee\",\"channel\":\"web\"}", asOwner);
        assertThat(message.status()).as(message.body()).isEqualTo(202);
        Http.Answer started = http.postJson("/api/v1/pipelines/viralization/runs", "{\"sessionId\":\"" + session
                + "\",\"brief\":\"Use my code BREW10 for our cold brew kit\",\"platforms\":[\"tiktok\"],"
                + "\"paidPromotion\":true}", asOwner);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().path("runId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "AWAITING_APPROVAL".equals(sagaStatus(runId, owner)));
        return runId;
    }

    private String sagaStatus(String runId, TestUser reader) {
        return http.get("/api/v1/sagas/" + runId, Http.bearer(reader.accessToken())).json().path("status").asText();
    }

    /** A message the probe fails until healed: after the retries it waits in the dead-letter queue. */
    private String deadLetter() {
        String messageId = send(Map.of("mode", "fail"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> new RabbitAdmin(connections).getQueueInfo(PROBE_QUEUE + ".dlq").getMessageCount() == 1);
        return messageId;
    }

    private String send(Map<String, Object> payload) {
        String messageId = UUID.randomUUID().toString();
        producer.sendBody("kamelet:agent-bus-sink?agent=" + PROBE, new Envelope(messageId, "probe.test", 1, PROBE,
                "s-live-console", "corr-" + messageId, null, 4, Instant.now().toString(), payload));
        return messageId;
    }

    private int effects(String messageId) {
        return count("SELECT count(*) FROM agent_event_log WHERE event_type = 'probe.effect' "
                + "AND payload->>'messageId' = ?", messageId);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    // ---------- the script and its requests ----------

    /** What the script printed and how it ended. */
    private record Run(int exitCode, String output) {

        JsonNode result() throws IOException {
            String line = output.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("The browser script printed no RESULT line:\n" + output));
            return new ObjectMapper().readTree(line.substring("RESULT ".length()));
        }
    }

    /**
     * Runs the script, answering its requests as they come: {@code NEED messages} sends the paused agent
     * {@value #MESSAGES} messages 150 ms apart (answered once the first is on the bus, so the page is watched while
     * they arrive), {@code NEED log} writes a log line with the script's marker. Killed with its Chromium when it
     * overruns; the output is kept with the screenshots.
     */
    private Run runScript(TestUser operator, TestUser auditor, TestUser user, String session, String runId,
                          String deadLetter) throws Exception {
        deleteScreenshots();
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of(
                "HUB_BASE_URL", "http://127.0.0.1:" + port,
                "HUB_OPERATOR", operator.username(),
                "HUB_AUDITOR", auditor.username(),
                "HUB_USER", user.username(),
                "HUB_PASSWORD", STRONG_PASSWORD,
                "AGENT", PROBE,
                "SAGA_RUN_ID", runId,
                "DEAD_LETTER_ID", deadLetter,
                "MESSAGES", Integer.toString(MESSAGES),
                "SCREENSHOT_DIR", SCREENSHOTS.toString()));
        builder.environment().put("SAGA_SESSION_ID", session);
        builder.environment().put("HUB_POLICY", policy);
        builder.environment().put("CHROMIUM_PATH", CHROMIUM);
        Process process = builder.start();
        AtomicBoolean overran = new AtomicBoolean();
        Thread watchdog = daemon(() -> {
            try {
                if (!process.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    overran.set(true);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             Writer answers = process.outputWriter(StandardCharsets.UTF_8);
             Writer log = Files.newBufferedWriter(SCREENSHOTS.resolve("live-console.log"))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                log.write(line + "\n");
                log.flush();
                System.out.println(line);
                if (line.startsWith("NEED ")) {
                    answers.write(answer(line) + "\n");
                    answers.flush();
                }
            }
        }
        boolean finished = process.waitFor(30, TimeUnit.SECONDS);
        watchdog.interrupt();
        if (!finished || overran.get()) {
            fail("The browser script did not finish within " + SCRIPT_TIMEOUT + ":\n" + output);
        }
        return new Run(process.exitValue(), output.toString());
    }

    private String answer(String need) throws Exception {
        String[] parts = need.split(" ", 3);
        JsonNode data = new ObjectMapper().readTree(parts.length > 2 ? parts[2] : "{}");
        return switch (parts[1]) {
            case "messages" -> {
                // the clock starts before each send: the delays measured include the send itself
                firstSentAt = System.currentTimeMillis();
                sent.add(send(Map.of("mode", "ok")));
                int count = data.path("count").asInt(MESSAGES);
                daemon(() -> {
                    for (int i = 1; i < count; i++) {
                        sleep(150);
                        lastSentAt = System.currentTimeMillis();
                        sent.add(send(Map.of("mode", "ok")));
                    }
                });
                yield "GO messages {\"firstSentAt\":" + firstSentAt + "}";
            }
            case "log" -> {
                String marker = data.path("marker").asText();
                assertThat(marker).matches("[a-z-]{10,80}");
                loggedAt = System.currentTimeMillis();
                LOG.info("Live console check: {}", marker);
                yield "GO log {\"loggedAt\":" + loggedAt + "}";
            }
            default -> "GO " + parts[1] + " {}";
        };
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "live-console-test");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Chromium, Node.js and the script's npm packages must be there (fails, never skips, before the hub starts). */
    @BeforeAll
    static void requireBrowserTools() throws InterruptedException {
        BrowserTools.requireInstalled();
    }

    private static void deleteScreenshots() throws IOException {
        if (Files.isDirectory(SCREENSHOTS)) {
            try (Stream<Path> files = Files.walk(SCREENSHOTS)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
