package com.misybot.hub.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.support.HubProcess;
import com.misybot.hub.support.PublishPlatformStub;
import com.misybot.hub.support.RequiredServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash test of the persistent saga service: the packaged jar runs 50 viralization runs against a platform that
 * answers slowly, is killed with SIGKILL mid-flight, and is started again. Every run must end COMPLETED or
 * COMPENSATED, with no step left half-done (a COMPENSATED run has every step that began undone, exactly once; a
 * COMPLETED run has every step done and its posts live) and no compensation run twice.
 */
@ExtendWith(RequiredServices.class)
class SagaCrashIT {

    private static final int RUNS = 50;
    private static final String DB = System.getenv().getOrDefault("HUB_TEST_CRASH_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/hub_test_crash");
    private static final String PASSWORD = "crash-test-admin-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void should_end_every_run_completed_or_compensated_once_when_the_hub_is_killed_mid_flight() throws Exception {
        resetDatabase();
        try (PublishPlatformStub platform = PublishPlatformStub.start()) {
            platform.delay(1500);
            String[] args = HubProcess.pipelineArgs(DB, platform, "--hub.publish.timeout-millis=10000",
                    "--hub.pipelines.viralization.workers=8");
            Map<String, String> env = Map.of("HUB_ADMIN_PASSWORD", PASSWORD);

            // given 50 runs in flight on the first hub process
            List<String> runs = new ArrayList<>();
            HubProcess first = HubProcess.start("saga-crash-hub-1", env, args);
            try {
                String token = token(first);
                String session = "crash-" + System.nanoTime();
                post(first, token, "/api/v1/sessions/" + session + "/messages",
                        "{\"text\":\"We sell cold brew coffee\",\"channel\":\"web\"}", 202);
                for (int i = 0; i < RUNS; i++) {
                    JsonNode accepted = post(first, token, "/api/v1/pipelines/viralization/runs",
                            "{\"sessionId\":\"" + session + "\",\"brief\":\"Reel " + i + " about our cold brew\","
                                    + "\"platforms\":[\"tiktok\",\"youtube-shorts\"]}", 202);
                    runs.add(accepted.path("runId").asText());
                }
                // when: some runs are done, some wait for the slow platform, some have not started
                awaitAtLeast("SELECT count(*) FROM saga WHERE name = 'viralization' AND status = 'COMPLETED'", 1);
                awaitAtLeast("SELECT count(*) FROM publication WHERE status = 'PUBLISHING'", 3);
            } finally {
                first.kill();
            }
            Map<String, Integer> atKill = statusCounts();
            int inDoubt;
            try (Connection db = connect(); Statement sql = db.createStatement()) {
                inDoubt = count(sql, "SELECT count(*) FROM publication WHERE status = 'PUBLISHING'");
            }
            assertThat(atKill.getOrDefault("RUNNING", 0)).as("runs in flight at the kill: %s", atKill)
                    .isPositive();
            platform.delay(0);

            // and the hub is started again
            try (HubProcess second = HubProcess.start("saga-crash-hub-2", env, args)) {
                awaitAtLeast("SELECT count(*) FROM saga WHERE name = 'viralization' AND status IN "
                        + "('COMPLETED', 'COMPENSATED', 'FAILED_COMPENSATION')", RUNS);
            }

            // then every run ended COMPLETED or COMPENSATED, the killed ones compensated by the recovery
            Map<String, Integer> end = statusCounts();
            System.out.printf("SagaCrashIT: at the kill %s with %d posts in doubt; at the end %s%n", atKill, inDoubt,
                    end);
            assertThat(end.keySet()).as("final statuses %s (at the kill: %s)", end, atKill)
                    .isSubsetOf(Set.of("COMPLETED", "COMPENSATED"));
            assertThat(end.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(RUNS);
            assertThat(end.get("COMPENSATED")).isPositive();
            try (Connection db = connect(); Statement sql = db.createStatement()) {
                // no step half-done: a completed run's steps are all DONE, a compensated run's steps with a
                // compensation are all COMPENSATED, each exactly once
                assertThat(count(sql, "SELECT count(*) FROM saga_step st JOIN saga s ON s.id = st.saga_id "
                        + "WHERE s.status = 'COMPLETED' AND st.status <> 'DONE'")).isZero();
                assertThat(count(sql, "SELECT count(*) FROM saga_step st JOIN saga s ON s.id = st.saga_id "
                        + "WHERE s.status = 'COMPENSATED' AND st.compensation_uri IS NOT NULL "
                        + "AND (st.status <> 'COMPENSATED' OR st.compensations <> 1)")).isZero();
                assertThat(count(sql, "SELECT count(*) FROM saga_step WHERE compensations > 1")).isZero();
                assertThat(count(sql, "SELECT count(*) FROM saga WHERE status = 'COMPENSATED' "
                        + "AND error LIKE 'hub instance % stopped while running it'")).isPositive();
                // what the compensated runs did is undone, what the completed runs did stays
                assertThat(count(sql, "SELECT count(*) FROM calendar_entry c JOIN saga s ON s.id = c.run_id "
                        + "WHERE s.status = 'COMPENSATED' AND c.status <> 'CANCELLED'")).isZero();
                assertThat(count(sql, "SELECT count(*) FROM generated_artifact a JOIN saga s ON s.id = a.workflow_id "
                        + "WHERE s.status = 'COMPENSATED' AND a.status <> 'withdrawn'")).isZero();
                assertThat(count(sql, "SELECT count(*) FROM publication p JOIN saga s ON s.id = p.run_id "
                        + "WHERE s.status = 'COMPENSATED' AND p.status NOT IN ('DELETED', 'FAILED')")).isZero();
                Map<String, String> livePostRun = new HashMap<>();
                try (ResultSet rs = sql.executeQuery("SELECT p.post_id, s.status FROM publication p "
                        + "JOIN saga s ON s.id = p.run_id WHERE p.post_id IS NOT NULL")) {
                    while (rs.next()) {
                        livePostRun.put(rs.getString(1), rs.getString(2));
                    }
                }
                livePostRun.forEach((post, status) -> assertThat(platform.livePosts().containsKey(post))
                        .as("post %s of a %s run is live", post, status).isEqualTo("COMPLETED".equals(status)));
                assertThat(platform.livePosts()).hasSize(2 * end.get("COMPLETED"));
            }
            // and the platform never saw the same post deleted twice
            Map<String, Long> deletes = platform.calls().stream().filter(c -> c.method().equals("DELETE"))
                    .collect(Collectors.groupingBy(PublishPlatformStub.Call::postId, Collectors.counting()));
            assertThat(deletes.values()).allMatch(n -> n == 1);
        }
    }

    private String token(HubProcess hub) throws Exception {
        return post(hub, null, "/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\"admin\","
                + "\"password\":\"" + PASSWORD + "\"}", 200).path("access_token").asText();
    }

    private JsonNode post(HubProcess hub, String token, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
        return JSON.readTree(answer.body());
    }

    private static void awaitAtLeast(String query, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            try (Connection db = connect(); Statement sql = db.createStatement()) {
                seen = count(sql, query);
            }
            if (seen >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Waited 120 s for " + n + " from " + query + ", saw " + seen + "; sagas: "
                + statusCounts());
    }

    private static Map<String, Integer> statusCounts() throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection db = connect(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT status, count(*) FROM saga WHERE name = 'viralization' "
                     + "GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private static void resetDatabase() throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        }
    }

    private static int count(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(DB, System.getenv().getOrDefault("HUB_DB_USER", "hub"),
                System.getenv().getOrDefault("HUB_DB_PASSWORD", "hub"));
    }
}
