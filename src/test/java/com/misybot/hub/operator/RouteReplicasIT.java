package com.misybot.hub.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.support.HubProcess;
import com.misybot.hub.support.RequiredServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two hub processes (the packaged jar) sharing one PostgreSQL database: a change made through either one serves on
 * both, announced by PostgreSQL NOTIFY (the periodic reconcile is set slow here, so convergence within seconds is
 * the notification's doing).
 */
@ExtendWith(RequiredServices.class)
class RouteReplicasIT {

    private static final String DB = System.getenv().getOrDefault("HUB_TEST_ROUTES_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/hub_test_routes");
    private static final String PASSWORD = "routes-replicas-admin-password";
    private static final String UNIT = "ext-replica-echo";
    private static final String PATH = "/api/v1/ext/replica-echo";
    private static final Duration CONVERGE = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void should_serve_the_same_active_version_on_both_replicas_when_either_one_changes_it() throws Exception {
        // given: two hubs on one fresh database
        resetDatabase();
        CompletableFuture<HubProcess> startingA = CompletableFuture.supplyAsync(() -> start("routes-replica-a"));
        CompletableFuture<HubProcess> startingB = CompletableFuture.supplyAsync(() -> start("routes-replica-b"));
        try (HubProcess a = startingA.join(); HubProcess b = startingB.join()) {
            String tokenA = token(a);
            String tokenB = token(b);

            // when: v1 is submitted and activated on A
            int v1 = send(a, tokenA, "POST", "/api/v1/admin/routes", "application/yaml", echo("one"), 201)
                    .path("version").asInt();
            int v2 = send(a, tokenA, "POST", "/api/v1/admin/routes", "application/yaml", echo("two"), 201)
                    .path("version").asInt();
            send(a, tokenA, "POST", "/api/v1/admin/routes/" + UNIT + "/versions/" + v1 + "/activate", null, null, 200);
            // then: B serves it too
            awaitAnswer(b, tokenB, "one");
            assertThat(answer(a, tokenA)).isEqualTo("one");

            // when: v2 is activated on B; then A follows
            send(b, tokenB, "POST", "/api/v1/admin/routes/" + UNIT + "/versions/" + v2 + "/activate", null, null, 200);
            awaitAnswer(a, tokenA, "two");

            // when: rolled back on A; then B follows
            send(a, tokenA, "POST", "/api/v1/admin/routes/" + UNIT + "/rollback", "application/json", "{}", 200);
            awaitAnswer(b, tokenB, "one");
            assertThat(runningVersion(a, tokenA)).isEqualTo(v1);
            assertThat(runningVersion(b, tokenB)).isEqualTo(v1);

            // when: retired on B; then A stops serving it
            send(b, tokenB, "DELETE", "/api/v1/admin/routes/" + UNIT, null, null, 200);
            awaitStatus(a, tokenA, 404);
        }
    }

    private static HubProcess start(String name) {
        return HubProcess.start(name, Map.of("HUB_ADMIN_PASSWORD", PASSWORD),
                "--spring.profiles.active=services,test",
                "--spring.datasource.url=" + DB,
                "--hub.bus.transport=local",
                "--hub.embedded.data-dir=target/" + name,
                // slow reconcile: what converges within seconds is the NOTIFY
                "--hub.routes.sync-interval=60s");
    }

    private static String echo(String answer) {
        return "- route:\n    id: " + UNIT + "\n    from:\n      uri: platform-http:" + PATH + "\n"
                + "      parameters:\n        httpMethodRestrict: GET\n      steps:\n        - setBody:\n"
                + "            constant: " + answer + "\n";
    }

    private void awaitAnswer(HubProcess hub, String token, String expected) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = answer(hub, token);
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(last).as("answer of " + hub.baseUrl() + PATH + " after " + CONVERGE).isEqualTo(expected);
    }

    private void awaitStatus(HubProcess hub, String token, int expected) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        int last = 0;
        while (System.nanoTime() < deadline && (last = get(hub, token, PATH).statusCode()) != expected) {
            Thread.sleep(100);
        }
        assertThat(last).isEqualTo(expected);
    }

    private String answer(HubProcess hub, String token) throws Exception {
        HttpResponse<String> answer = get(hub, token, PATH);
        return answer.statusCode() == 200 ? answer.body() : answer.statusCode() + " " + answer.body();
    }

    private int runningVersion(HubProcess hub, String token) throws Exception {
        for (JsonNode unit : JSON.readTree(get(hub, token, "/api/v1/admin/routes").body())) {
            if (UNIT.equals(unit.path("routeId").asText())) {
                return unit.path("runningVersion").asInt();
            }
        }
        return 0;
    }

    private HttpResponse<String> get(HubProcess hub, String token, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(HubProcess hub) throws Exception {
        return send(hub, null, "POST", "/api/v1/auth/token", "application/json", "{\"grant_type\":\"password\","
                + "\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", 200).path("access_token").asText();
    }

    private JsonNode send(HubProcess hub, String token, String method, String path, String contentType, String body,
                          int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(expected);
        return JSON.readTree(answer.body());
    }

    private static void resetDatabase() throws Exception {
        try (Connection db = DriverManager.getConnection(DB, System.getenv().getOrDefault("HUB_DB_USER", "hub"),
                System.getenv().getOrDefault("HUB_DB_PASSWORD", "hub")); Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        }
    }
}
