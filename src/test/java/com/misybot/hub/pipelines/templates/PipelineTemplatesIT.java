package com.misybot.hub.pipelines.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The template registry through HTTP: a template an operator submitted is listed with its parameter schema,
 * instances are validated against it, made through the route registry (versioned, activated, audited), serve,
 * and go away when deleted.
 */
class PipelineTemplatesIT extends HubIntegrationTest {

    private static final String TEMPLATES = "/api/v1/pipelines/templates";

    @Test
    void should_make_serve_and_remove_an_instance_when_its_parameters_meet_the_template_schema() {
        // given: a template submitted and activated by an operator
        String s = UUID.randomUUID().toString().substring(0, 8);
        String template = "greeting-" + s;
        String[] operator = Http.bearer(user("operator").accessToken());
        String[] plainUser = Http.bearer(user("user").accessToken());
        Http.Answer submitted = http.send("POST", "/api/v1/admin/routes", "application/yaml", """
                - routeTemplate:
                    id: %s
                    description: Answers a greeting on /api/v1/ext/<path>
                    parameters:
                      - name: path
                        description: the path under /api/v1/ext/
                      - name: greeting
                        description: what it answers
                        defaultValue: hello
                    route:
                      from:
                        uri: "platform-http:/api/v1/ext/{{path}}"
                        parameters:
                          httpMethodRestrict: GET
                        steps:
                          - setBody:
                              constant: "{{greeting}}"
                """.formatted(template), operator);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        Http.Answer activated = http.send("POST", "/api/v1/admin/routes/" + template + "/versions/"
                + submitted.json().path("version").asInt() + "/activate", null, null, operator);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);

        // then: listed with the schema derived from its parameters (an auditor may read it)
        Http.Answer listed = http.get(TEMPLATES, Http.bearer(user("auditor").accessToken()));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode found = null;
        for (JsonNode t : listed.json()) {
            if (t.path("templateId").asText().equals(template)) {
                found = t;
            }
        }
        assertThat(found).as(listed.body()).isNotNull();
        assertThat(found.path("unitId").asText()).isEqualTo(template);
        assertThat(found.at("/parameterSchema/required/0").asText()).isEqualTo("path");
        assertThat(found.at("/parameterSchema/properties/greeting/default").asText()).isEqualTo("hello");

        // when: parameters that break the schema, or a plain user → refused, nothing made
        Http.Answer missing = http.postJson(TEMPLATES + "/" + template + "/instances",
                "{\"name\":\"hello-" + s + "\",\"parameters\":{\"greeting\":\"hi\",\"colour\":\"red\"}}", operator);
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().path("errors").findValuesAsText("pointer"))
                .contains("/parameters/path", "/parameters/colour");
        assertThat(http.postJson(TEMPLATES + "/" + template + "/instances",
                "{\"name\":\"hello-" + s + "\",\"parameters\":{\"path\":\"hello-" + s + "\"}}", plainUser).status())
                .isEqualTo(403);
        // when: parameters the schema allows but the route validator refuses (a placeholder reaching the hub's
        // configuration, an expression) → 422 with the validator's errors, nothing made
        for (String greeting : new String[] {"{{hub.admin.password}}", "${header.foo}"}) {
            Http.Answer refused = http.postJson(TEMPLATES + "/" + template + "/instances",
                    "{\"name\":\"hello-" + s + "\",\"parameters\":{\"path\":\"hello-" + s + "\",\"greeting\":\""
                            + greeting + "\"}}", operator);
            assertThat(refused.status()).as(greeting + ": " + refused.body()).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("message").asText()).as(refused.body()).isNotBlank();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM route_version WHERE route_id = ?", Integer.class,
                "hello-" + s)).isZero();

        // when: a valid instance
        Http.Answer made = http.postJson(TEMPLATES + "/" + template + "/instances",
                "{\"name\":\"hello-" + s + "\",\"parameters\":{\"path\":\"hello-" + s + "\",\"greeting\":\"bonjour\"}}",
                operator);

        // then: versioned, active, serving, audited
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().path("status").asText()).isEqualTo("active");
        assertThat(made.json().path("version").asInt()).isEqualTo(1);
        assertThat(made.json().path("parameters").path("greeting").asText()).isEqualTo("bonjour");
        assertThat(http.get("/api/v1/ext/hello-" + s, plainUser).body()).isEqualTo("bonjour");
        assertThat(http.get(TEMPLATES + "/" + template + "/instances", operator).json().findValuesAsText("name"))
                .containsExactly("hello-" + s);
        assertThat(jdbc.queryForObject("SELECT source FROM route_version WHERE route_id = ? AND status = 'active'",
                String.class, "hello-" + s)).isEqualTo("template:" + template);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE target = ?", Integer.class,
                "hello-" + s)).isGreaterThanOrEqualTo(2);

        // when: deleted
        Http.Answer deleted = http.send("DELETE", TEMPLATES + "/" + template + "/instances/hello-" + s, null, null,
                operator);

        // then: it no longer serves, is no longer listed, and its version stays on record
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(http.get("/api/v1/ext/hello-" + s, plainUser).status()).isEqualTo(404);
        assertThat(http.get(TEMPLATES + "/" + template + "/instances", operator).json()).isEmpty();
        assertThat(http.get(TEMPLATES + "/" + template + "/instances/hello-" + s, operator).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM route_version WHERE route_id = ?", Integer.class,
                "hello-" + s)).isEqualTo(1);
        http.send("DELETE", "/api/v1/admin/routes/" + template, null, null, operator);
    }
}
