package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code POST /api/v1/pii/analyze} over HTTP: every entity type with exact offsets, refusals, the per-caller budget,
 * the kamelet in an operator route, and the JSON log's masking.
 */
@ExtendWith(OutputCaptureExtension.class)
class PiiAnalyzeIT extends HubIntegrationTest {

    private static final String TEXT = "Hi, I am Tamara Kovalev. My card is 4929050988424425 (the old one was "
            + "4929050988424426), IBAN GB69PMNJ18913943430745, call 730-347-5681, my ssn is 390-99-1671, server "
            + "69.196.0.85, mail tamara.kovalev@example.com. Send it to 64 Rua Papoula 1998, Lisbon.";

    private static String quote(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void should_find_every_entity_type_with_offsets_when_any_role_asks() {
        // given
        TestUser alice = user("user");
        // when
        Http.Answer answer = http.postJson("/api/v1/pii/analyze", "{\"text\":" + quote(TEXT) + "}",
                Http.bearer(alice.accessToken()));
        // then
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        for (JsonNode e : answer.json().path("entities")) {
            found.add(e.path("type").asText() + ":" + TEXT.substring(e.path("start").asInt(), e.path("end").asInt()));
            assertThat(e.path("score").asDouble()).isBetween(0.4, 1.0);
        }
        assertThat(found).contains("PERSON:Tamara Kovalev", "CREDIT_CARD:4929050988424425",
                "IBAN_CODE:GB69PMNJ18913943430745", "PHONE_NUMBER:730-347-5681", "US_SSN:390-99-1671",
                "IP_ADDRESS:69.196.0.85", "EMAIL_ADDRESS:tamara.kovalev@example.com");
        assertThat(found).anyMatch(f -> f.startsWith("STREET_ADDRESS:64 Rua Papoula"));
        // the number that fails Luhn is reported as nothing
        assertThat(found).noneMatch(f -> f.contains("4929050988424426"));
    }

    @Test
    void should_redact_pii_in_an_operator_yaml_route_built_from_the_kamelet() {
        // given an operator route at /api/v1/ext/<unit> that redacts the posted text with pii-redact-action
        TestUser operator = user("operator");
        String unit = "ext-pii-" + Long.toString(System.nanoTime(), 36);
        String yaml = "- route:\n"
                + "    id: " + unit + "\n"
                + "    from:\n"
                + "      uri: platform-http:/api/v1/ext/" + unit + "\n"
                + "      parameters:\n"
                + "        httpMethodRestrict: POST\n"
                + "      steps:\n"
                + "        - convertBodyTo:\n"
                + "            type: java.lang.String\n"
                + "        - to:\n"
                + "            uri: kamelet:pii-redact-action\n"
                + "            parameters:\n"
                + "              entitiesVariable: found\n"
                + "        - setHeader:\n"
                + "            name: X-Pii-Found\n"
                + "            simple: ${variable.found.size()}\n";
        Http.Answer submitted = http.send("POST", "/api/v1/admin/routes", "application/yaml", yaml,
                Http.bearer(operator.accessToken()));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        Http.Answer active = http.send("POST", "/api/v1/admin/routes/" + unit + "/versions/"
                + submitted.json().path("version").asInt() + "/activate", null, null, Http.bearer(operator.accessToken()));
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        try {
            // when a user posts a text with a name and a card number
            Http.Answer redacted = http.send("POST", "/api/v1/ext/" + unit, "text/plain",
                    "Tamara Kovalev paid with 4929050988424425.", Http.bearer(user("user").accessToken()));
            // then both are replaced by their types
            assertThat(redacted.status()).as(redacted.body()).isEqualTo(200);
            assertThat(redacted.body()).isEqualTo("⟦PERSON⟧ paid with ⟦CREDIT_CARD⟧.");
            assertThat(redacted.header("X-Pii-Found")).isEqualTo("2");
        } finally {
            http.send("DELETE", "/api/v1/admin/routes/" + unit, null, null, Http.bearer(operator.accessToken()));
        }
    }

    @Test
    void should_write_pii_in_log_lines_as_its_type_when_the_hub_logs_in_json(CapturedOutput output) {
        // when a line of the running hub's log holds an e-mail address and a card number
        LoggerFactory.getLogger("com.misybot.hub.privacy").warn("customer tamara.k@example.com paid with 4929050988424425");

        // then the JSON line has their types, not their values
        String line = output.getOut().lines().filter(l -> l.contains("customer ") && l.contains(" paid with "))
                .findFirst().orElse(null);
        assertThat(line).as(output.getOut()).isNotNull().startsWith("{").contains("EMAIL_ADDRESS").contains("CREDIT_CARD")
                .doesNotContain("tamara.k@example.com").doesNotContain("4929050988424425");
    }

    @Test
    void should_refuse_bad_bodies_and_anonymous_callers() {
        TestUser alice = user("user");
        assertProblem(http.postJson("/api/v1/pii/analyze", "{\"text\":\"x\",\"language\":\"fr\"}",
                Http.bearer(alice.accessToken())), 400, "validation");
        assertProblem(http.postJson("/api/v1/pii/analyze", "{\"text\":\"\"}", Http.bearer(alice.accessToken())), 400,
                "validation");
        assertProblem(http.postJson("/api/v1/pii/analyze", "{\"text\":" + quote("a".repeat(20_001)) + "}",
                Http.bearer(alice.accessToken())), 400, "validation");
        assertThat(http.postJson("/api/v1/pii/analyze", "{\"text\":\"x\"}").status()).isEqualTo(401);
    }

    @Test
    void should_answer_429_with_retry_after_when_a_caller_exceeds_the_budget() {
        // given the budget of 120 analyses per minute (refilled greedily: 2 more per second)
        TestUser bob = user("user");
        Http.Answer last = null;
        int accepted = 0;
        for (int i = 0; i < 400 && (last == null || last.status() == 200); i++) {
            last = http.postJson("/api/v1/pii/analyze", "{\"text\":\"hello\"}", Http.bearer(bob.accessToken()));
            accepted += last.status() == 200 ? 1 : 0;
        }
        // then once the budget is spent the caller is refused, and another caller is not
        assertThat(accepted).isGreaterThanOrEqualTo(120);
        assertProblem(last, 429, "too-many-requests");
        assertThat(last.header("Retry-After")).isNotBlank();
        TestUser carol = user("user");
        assertThat(http.postJson("/api/v1/pii/analyze", "{\"text\":\"hello\"}", Http.bearer(carol.accessToken()))
                .status()).isEqualTo(200);
    }
}
