package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * GET /api/v1/admin/logs and its live stream: this replica's log events, filtered, masked, pushed within a second;
 * the console's stream; who may read them.
 */
class LogsIT extends HubIntegrationTest {

    private static final Logger PROBE = LoggerFactory.getLogger("com.misybot.hub.test.LogsProbe");

    @Test
    void should_list_a_sessions_log_events_filtered_and_masked() {
        // given: a session's request (its log events carry the session) and a line with personal data and a token
        TestUser alice = user("user");
        String session = newSessionId();
        postAndAwaitReply(alice, session, "Hello there");
        String marker = "probe-" + letters();
        MDC.put("sessionId", session);
        try {
            PROBE.warn("{} mail ann.lee@example.com token 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    marker);
        } finally {
            MDC.remove("sessionId");
        }
        String[] auditor = Http.bearer(user("auditor").accessToken());

        // when
        Http.Answer all = http.get("/api/v1/admin/logs?session=" + session + "&limit=1000", auditor);
        Http.Answer warnings = http.get("/api/v1/admin/logs?session=" + session + "&level=warn", auditor);

        // then: the session's events, the probe's masked; the WARN filter keeps only WARN and above
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        JsonNode entries = all.json().path("entries");
        assertThat(entries.size()).isGreaterThanOrEqualTo(2);
        entries.forEach(e -> assertThat(e.path("sessionId").asText()).isEqualTo(session));
        assertThat(entries.findValuesAsText("seq")).isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(a),
                Long.parseLong(b)));
        JsonNode probe = warnings.json().path("entries").get(warnings.json().path("entries").size() - 1);
        assertThat(probe.path("message").asText()).startsWith(marker).contains("⟦EMAIL_ADDRESS⟧")
                .contains("⟦SECRET⟧").doesNotContain("ann.lee").doesNotContain("9f86d081");
        warnings.json().path("entries").forEach(e -> assertThat(e.path("level").asText()).isIn("WARN", "ERROR"));
        assertThat(all.body()).doesNotContain("ann.lee@example.com");
    }

    @Test
    void should_filter_by_agent_and_refuse_bad_filters_and_ordinary_users() {
        String[] operator = Http.bearer(user("operator").accessToken());
        Http.Answer frontDesk = http.get("/api/v1/admin/logs?agent=front-desk&limit=50", operator);
        assertThat(frontDesk.status()).as(frontDesk.body()).isEqualTo(200);
        frontDesk.json().path("entries").forEach(e -> assertThat(e.path("agent").asText()).isEqualTo("front-desk"));
        assertProblem(http.get("/api/v1/admin/logs?level=LOUD", operator), 400, "bad-request");
        assertProblem(http.get("/api/v1/admin/logs?limit=0", operator), 400, "bad-request");
        assertProblem(http.get("/api/v1/admin/logs?from=yesterday", operator), 400, "bad-request");
        assertProblem(http.get("/api/v1/admin/logs?agent=no-such-agent", operator), 404, "not-found");
        assertProblem(http.get("/api/v1/admin/logs/stream?level=probe", operator), 400, "bad-request");
        String[] user = Http.bearer(user("user").accessToken());
        assertThat(http.get("/api/v1/admin/logs", user).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/admin/logs/stream", user).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/admin/stream", user).status()).isEqualTo(403);
    }

    @Test
    void should_push_a_new_log_line_to_the_stream_within_a_second() throws Exception {
        // given: an auditor's open stream of WARN and above, and the console's stream
        String token = user("auditor").accessToken();
        BlockingQueue<String> logLines = open("/api/v1/admin/logs/stream?level=WARN", token);
        BlockingQueue<String> console = open("/api/v1/admin/stream", token);
        // the console gets the figures first
        assertThat(awaitEvent(console, "agents", null, 5000)).contains("\"agents\"");
        assertThat(awaitEvent(console, "sagas", null, 5000)).contains("\"counts\"");
        Thread.sleep(300);

        // when
        String marker = "live-" + letters();
        long logged = System.nanoTime();
        PROBE.warn("{} written while the stream is open", marker);

        // then
        String data = awaitEvent(logLines, "log", marker, 1000);
        long millis = (System.nanoTime() - logged) / 1_000_000;
        assertThat(data).as("no log event with %s within 1 s", marker).isNotNull();
        JsonNode event = new ObjectMapper().readTree(data);
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("logger").asText()).isEqualTo("com.misybot.hub.test.LogsProbe");
        assertThat(millis).isLessThan(1000);
        assertThat(awaitEvent(console, "log", marker, 1000)).isNotNull();
        System.out.println("[logs] a log line reached the stream in " + millis + " ms");
    }

    /** A unique marker without digits (digit runs in a log line may be masked as phone numbers). */
    private static String letters() {
        return java.util.UUID.randomUUID().toString().replaceAll("[^a-f]", "");
    }

    /** Reads a stream on a daemon thread: each event as "name\ndata". */
    private BlockingQueue<String> open(String path, String token) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + path)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && name != null) {
                        events.add(name + "\n" + data);
                        name = null;
                        data.setLength(0);
                    }
                }
            } catch (Exception e) {
                // the test ended and the stream was dropped
            }
        });
        reader.setDaemon(true);
        reader.start();
        return events;
    }

    /** The data of the first event named {@code name} (holding {@code containing}, when given) within the time. */
    private static String awaitEvent(BlockingQueue<String> events, String name, String containing, long millis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            String event = left <= 0 ? null : events.poll(left, TimeUnit.MILLISECONDS);
            if (event == null) {
                return null;
            }
            String[] parts = event.split("\n", 2);
            if (parts[0].equals(name) && (containing == null || parts[1].contains(containing))) {
                return parts[1];
            }
        }
    }
}
