package com.misybot.hub.governance.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The console's least privilege (issue 12): the Jolokia exploit that read the JWT signing key is refused to every
 * role, operators still steer routes, auditors only read, and every refusal is a 403 problem that ran nothing.
 */
class ConsoleSecurityIT extends HubIntegrationTest {

    private static final String CONTEXT = "org.apache.camel:context=misybot-hub,type=context,name=\\\"misybot-hub\\\"";
    private static final String HUB_INFO = "org.apache.camel:context=misybot-hub,type=routes,name=\\\"hub-info\\\"";

    /** The request of the report: the context MBean sends a {@code sql:} query and answers with its result. */
    private static final String EXPLOIT = "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\","
            + "\"operation\":\"requestBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"sql:select "
            + "substr(private_key,1,40) as pk from jwt_signing_key?outputType=SelectOne\",\"x\"]}";

    @Test
    void should_refuse_the_signing_key_exploit_to_operator_and_superadmin_and_run_nothing() {
        for (String role : new String[] {"operator", "superadmin"}) {
            // when
            Http.Answer answer = jolokia(EXPLOIT, user(role).accessToken());

            // then
            assertProblem(answer, 403, "forbidden");
            assertThat(answer.body()).as(role).doesNotContain("\"kty\"").doesNotContain("\"value\"");
        }
    }

    @Test
    void should_refuse_sql_writes_and_sends_to_internal_endpoints_and_change_nothing() {
        // given
        TestUser operator = user("operator");
        String update = "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\",\"operation\":\"sendBody\",\"arguments\":"
                + "[\"sql:update app_user set roles = '{superadmin}' where id = '" + operator.id() + "'\",\"x\"]}";
        String create = "{\"type\":\"exec\",\"mbean\":\"" + CONTEXT + "\",\"operation\":\"requestStringBody\","
                + "\"arguments\":[\"direct:admin-user-create\",\"{\\\"username\\\":\\\"mallory\\\"}\"]}";

        // when
        Http.Answer updated = jolokia(update, operator.accessToken());
        Http.Answer created = jolokia(create, user("superadmin").accessToken());

        // then
        assertProblem(updated, 403, "forbidden");
        assertProblem(created, 403, "forbidden");
        assertThat(jdbc.queryForObject("SELECT array_to_string(roles, ',') FROM app_user WHERE id = ?::uuid",
                String.class, operator.id())).isEqualTo("operator");
        assertThat(count("SELECT count(*) FROM app_user WHERE username = 'mallory'")).isZero();
    }

    @Test
    void should_refuse_every_dangerous_console_operation_even_to_superadmin() {
        // given
        String superadmin = user("superadmin").accessToken();
        String[] dangerous = {
            exec(CONTEXT, "sendStringBody", "\"log:x\",\"x\""),
            exec(CONTEXT, "requestBodyAndHeaders", "\"log:x\",\"x\",{}"),
            exec(CONTEXT, "createEndpoint", "\"exec:id\""),
            exec(CONTEXT, "removeEndpoints", "\"*\""),
            exec(CONTEXT, "stop", ""),
            exec(CONTEXT, "setGlobalOption", "\"a\",\"b\""),
            exec(CONTEXT, "addOrUpdateRoutesFromXml", "\"<routes/>\""),
            exec(HUB_INFO, "updateRouteFromXml", "\"<route/>\""),
            exec(HUB_INFO, "remove", ""),
            exec(HUB_INFO, "setTracing", "true"),
            exec("org.apache.camel:context=misybot-hub,type=tracer,name=BacklogDebugger", "evaluateExpressionAtBreakpoint",
                    "\"n\",\"simple\",\"${body}\""),
            exec("org.apache.camel:context=misybot-hub,type=services,name=PropertiesComponent", "reloadProperties", ""),
            exec("java.util.logging:type=Logging", "setLoggerLevel", "\"\",\"OFF\""),
            exec("com.sun.management:type=HotSpotDiagnostic", "dumpHeap", "\"/tmp/hub-console.hprof\",true"),
            exec("org.springframework.boot:type=Admin,name=SpringApplication", "getProperty", "\"spring.datasource.password\""),
            "{\"type\":\"write\",\"mbean\":\"" + HUB_INFO + "\",\"attribute\":\"Tracing\",\"value\":true}",
            "{\"type\":\"read\",\"mbean\":\"*:*\"}",
            "{\"type\":\"notification\",\"command\":\"register\"}",
            // a bulk request is refused whole when one of its requests is refused
            "[{\"type\":\"version\"}," + exec(CONTEXT, "sendBody", "\"log:x\",\"x\"") + "]",
        };

        for (String request : dangerous) {
            // when
            Http.Answer answer = jolokia(request, superadmin);

            // then
            assertThat(answer.status()).as(request + " -> " + answer.body()).isEqualTo(403);
            assertProblem(answer, 403, "forbidden");
        }
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/hub-console.hprof"))).isFalse();
        assertThat(read(HUB_INFO, "Tracing", superadmin)).isEqualTo("false");
    }

    @Test
    void should_let_an_operator_stop_and_start_a_route_and_browse_inflight_exchanges() {
        // given
        String operator = user("operator").accessToken();

        // when / then: the console's own bulk form, as Hawtio sends it
        Http.Answer stop = jolokia("[" + exec(HUB_INFO, "stop()", "") + "]", operator);
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        assertThat(stop.json().get(0).path("status").asInt()).as(stop.body()).isEqualTo(200);
        assertThat(read(HUB_INFO, "State", operator)).isEqualTo("Stopped");

        Http.Answer start = jolokia(exec(HUB_INFO, "start()", ""), operator);
        assertThat(start.json().path("status").asInt()).as(start.body()).isEqualTo(200);
        assertThat(read(HUB_INFO, "State", operator)).isEqualTo("Started");

        Http.Answer inflight = jolokia(exec("org.apache.camel:context=misybot-hub,type=services,"
                + "name=DefaultInflightRepository", "browse()", ""), operator);
        assertThat(inflight.json().path("status").asInt()).as(inflight.body()).isEqualTo(200);
        Http.Answer reset = jolokia(exec(HUB_INFO, "reset()", ""), operator);
        assertThat(reset.json().path("status").asInt()).as(reset.body()).isEqualTo(200);
    }

    @Test
    void should_give_an_auditor_read_only_access() {
        // given
        String auditor = user("auditor").accessToken();

        // when
        Http.Answer routes = jolokia(exec(CONTEXT, "dumpRoutesAsXml()", ""), auditor);
        Http.Answer stop = jolokia(exec(HUB_INFO, "stop()", ""), auditor);
        Http.Answer browse = jolokia(exec("org.apache.camel:context=misybot-hub,type=services,"
                + "name=DefaultInflightRepository", "browse()", ""), auditor);
        Http.Answer page = http.get("/actuator/hawtio/", Http.bearer(auditor));

        // then
        assertThat(routes.json().path("status").asInt()).as(routes.body()).isEqualTo(200);
        assertThat(routes.json().path("value").asText()).contains("hub-info");
        assertThat(read(HUB_INFO, "State", auditor)).isEqualTo("Started");
        assertProblem(stop, 403, "forbidden");
        assertProblem(browse, 403, "forbidden");
        assertThat(page.status()).isEqualTo(200);
    }

    @Test
    void should_accept_hawtios_can_invoke_probe_of_every_mbean_and_refuse_bodies_over_the_limit() {
        // given: the bulk request Hawtio sends when the console opens, about 1 KB per MBean (1.2 MB for the hub)
        String auditor = user("auditor").accessToken();
        StringBuilder mbeans = new StringBuilder();
        for (int i = 0; i < 1_200; i++) {
            mbeans.append(i == 0 ? "" : ",")
                    .append("\"org.apache.camel:context=misybot-hub,type=routes,name=\\\"route-").append(i).append("\\\"\":[");
            for (int op = 0; op < 30; op++) {
                mbeans.append(op == 0 ? "" : ",").append("\"operation").append(op).append("(java.lang.String)\"");
            }
            mbeans.append(']');
        }
        String probe = "[" + exec("hawtio:type=security,area=jmx,name=HawtioDummyJMXSecurity",
                "canInvoke(java.util.Map)", "{" + mbeans + "}") + "]";
        assertThat(probe.length()).isGreaterThan(1_000_000);
        String version = "{\"type\":\"version\"}";
        String tooLarge = "[" + (version + ",").repeat(ConsoleAccessFilter.MAX_BODY / version.length()) + version + "]";

        // when
        Http.Answer answer = jolokia(probe, auditor);
        Http.Answer refused = jolokia(tooLarge, auditor);

        // then
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get(0).path("status").asInt()).as(answer.body()).isEqualTo(200);
        assertProblem(refused, 413, "payload-too-large");
    }

    @Test
    void should_hide_mbeans_outside_the_readable_domains_from_listings() {
        // when
        Http.Answer search = jolokia("{\"type\":\"search\",\"mbean\":\"*:*\"}", user("operator").accessToken());

        // then
        assertThat(search.json().path("status").asInt()).isEqualTo(200);
        assertThat(search.body()).contains("org.apache.camel:").doesNotContain("com.sun.management")
                .doesNotContain("org.springframework.boot").doesNotContain("java.util.logging");
    }

    private String read(String mbean, String attribute, String token) {
        Http.Answer answer = jolokia("{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + attribute
                + "\"}", token);
        assertThat(answer.json().path("status").asInt()).as(answer.body()).isEqualTo(200);
        return answer.json().path("value").asText();
    }

    private static String exec(String mbean, String operation, String arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\",\"arguments\":["
                + arguments + "]}";
    }

    private Http.Answer jolokia(String request, String token) {
        return http.postJson("/actuator/jolokia", request, Http.bearer(token));
    }
}
