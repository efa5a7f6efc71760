package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Operating the hub: readiness over the real stores, Hawtio/Jolokia only for operators, Prometheus metrics. */
class OperationsIT extends HubIntegrationTest {

    @Test
    void should_report_ready_with_every_store_of_the_profile_up() {
        // when
        Http.Answer anonymous = http.get("/actuator/health/readiness");
        Http.Answer detailed = http.get("/actuator/health/readiness", Http.bearer(user("operator").accessToken()));

        // then
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asText()).isEqualTo("UP");
        JsonNode components = detailed.json().path("components");
        for (String store : new String[] {"db", "redis", "rabbit", "mongo"}) {
            assertThat(components.path(store).path("status").asText()).as(store).isEqualTo("UP");
        }
        assertThat(http.get("/actuator/health/liveness").json().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void should_refuse_hawtio_and_jolokia_without_a_console_role() {
        // given
        TestUser user = user("user");
        TestUser auditor = user("auditor");

        // when / then
        for (String path : new String[] {"/actuator/hawtio/", "/actuator/jolokia/version"}) {
            Http.Answer anonymous = http.get(path);
            assertProblem(anonymous, 401, "unauthorized");
            assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
            assertProblem(http.get(path, Http.bearer(user.accessToken())), 403, "forbidden");
        }
        // an auditor sees the console (read-only); Jolokia's GET syntax is refused to every role
        assertThat(http.get("/actuator/hawtio/", Http.bearer(auditor.accessToken())).status()).isEqualTo(200);
        assertProblem(http.get("/actuator/jolokia/version", Http.bearer(auditor.accessToken())), 403, "forbidden");
    }

    @Test
    void should_list_every_route_in_jolokia_and_serve_hawtio_to_an_operator() {
        // given
        TestUser operator = user("operator");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (operator.username() + ":" + STRONG_PASSWORD).getBytes(StandardCharsets.UTF_8));

        // when
        Http.Answer hawtio = http.get("/actuator/hawtio/", "Authorization", basic);
        Http.Answer routes = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}",
                Http.bearer(operator.accessToken()));

        // then
        assertThat(hawtio.status()).isEqualTo(200);
        assertThat(hawtio.body()).containsIgnoringCase("hawtio");
        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.body()).contains("session-message-post").contains("session-get").contains("auth-token")
                .contains("context-turn-append");
    }

    @Test
    void should_refuse_jolokia_operations_outside_camel_and_jvm_mbeans_even_for_operators() {
        // given
        TestUser operator = user("operator");

        // when
        Http.Answer camel = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=misybot-hub,"
                + "type=context,name=\\\"misybot-hub\\\"\",\"attribute\":\"State\"}", Http.bearer(operator.accessToken()));
        Http.Answer heapDump = jolokia("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/hub.hprof\",true]}", Http.bearer(operator.accessToken()));
        Http.Answer viaGet = http.get("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage",
                Http.bearer(operator.accessToken()));

        // then
        assertThat(camel.json().path("status").asInt()).as(camel.body()).isEqualTo(200);
        assertThat(camel.json().path("value").asText()).isEqualTo("Started");
        assertProblem(heapDump, 403, "forbidden");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/hub.hprof"))).isFalse();
        assertProblem(viaGet, 403, "forbidden");
        assertThat(viaGet.body()).as("GET is not allowed by the console policy").doesNotContain("\"used\"");
    }

    @Test
    void should_require_the_xsrf_token_for_console_writes_made_with_basic_credentials() {
        // given: an operator's browser with cached Basic credentials
        TestUser operator = user("operator");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (operator.username() + ":" + STRONG_PASSWORD).getBytes(StandardCharsets.UTF_8));
        String read = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}";

        // when: a forged cross-site POST (credentials, no token), then the console's own POST (cookie + header)
        Http.Answer forged = jolokia(read, "Authorization", basic);
        Http.Answer page = http.get("/actuator/hawtio/", "Authorization", basic);
        String token = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                .map(c -> c.substring("XSRF-TOKEN=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        Http.Answer console = jolokia(read, "Authorization", basic, "Cookie", "XSRF-TOKEN=" + token,
                "X-XSRF-TOKEN", token);

        // then
        assertProblem(forged, 403, "forbidden");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.json().path("status").asInt()).as(console.body()).isEqualTo(200);
    }

    private Http.Answer jolokia(String request, String... headers) {
        return http.postJson("/actuator/jolokia", request, headers);
    }

    @Test
    void should_expose_camel_route_metrics_to_prometheus_for_operators_only() {
        // given
        TestUser user = user("user");
        http.postJson("/api/v1/sessions/" + newSessionId() + "/messages", "{\"text\":\"count me\"}",
                Http.bearer(user.accessToken()));

        // when
        Http.Answer metrics = http.get("/actuator/prometheus", Http.bearer(user("operator").accessToken()));

        // then
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total").contains("routeId=\"session-message-post\"");
        assertProblem(http.get("/actuator/prometheus", Http.bearer(user.accessToken())), 403, "forbidden");
    }

    @Test
    void should_serve_the_operator_yaml_route_from_routes_dir_behind_security() {
        Http.Answer info = http.get("/api/v1/info", "Authorization", "Bearer " + user("user").accessToken(),
                "X-Correlation-Id", "yaml-route-1");

        assertThat(info.status()).as(info.body()).isEqualTo(200);
        assertThat(info.json().path("name").asText()).isEqualTo("misybot-hub");
        assertThat(info.json().path("routes").asInt()).isGreaterThanOrEqualTo(9);
        assertThat(info.header("X-Correlation-Id")).isEqualTo("yaml-route-1");
        assertProblem(http.get("/api/v1/info"), 401, "unauthorized");
    }

    @Test
    void should_serve_openapi_document_of_the_api() {
        Http.Answer openapi = http.get("/api/v1/openapi.json");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.json().path("paths").has("/sessions/{sessionId}/messages")).isTrue();
        assertThat(openapi.json().path("paths").has("/auth/token")).isTrue();
    }
}
