package com.misybot.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every class of bad request gets its status and an RFC 9457 body, and nothing is written to the database. */
class IngressErrorsIT extends HubIntegrationTest {

    private TestUser alice;
    private String path;
    private String session;
    private int turnsBefore;
    private int bundlesBefore;

    @BeforeEach
    void given_a_user_and_a_session_path() {
        alice = user("user");
        session = newSessionId();
        path = "/api/v1/sessions/" + session + "/messages";
        turnsBefore = count("SELECT count(*) FROM context_turn");
        bundlesBefore = count("SELECT count(*) FROM context_bundle");
    }

    private void assertNothingWritten() {
        assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ?", session)).isZero();
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", session)).isZero();
    }

    @Test
    void should_answer_400_malformed_json_when_body_is_not_json() {
        Http.Answer answer = http.postJson(path, "{\"text\": \"unterminated", Http.bearer(alice.accessToken()));

        assertProblem(answer, 400, "malformed-json");
        assertThat(answer.json().path("detail").asText()).contains("line 1");
        assertNothingWritten();
    }

    @Test
    void should_answer_400_malformed_json_when_body_is_empty() {
        Http.Answer answer = http.postJson(path, "", Http.bearer(alice.accessToken()));

        assertProblem(answer, 400, "malformed-json");
        assertNothingWritten();
    }

    @Test
    void should_list_each_violation_when_body_breaks_the_schema() {
        String tooLong = "x".repeat(8001);
        Http.Answer answer = http.postJson(path, "{\"text\":\"" + tooLong + "\",\"channel\":\"bad channel!\",\"extra\":1}",
                Http.bearer(alice.accessToken()));

        assertProblem(answer, 400, "validation");
        JsonNode errors = answer.json().path("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.toString()).contains("\"pointer\":\"/text\"").contains("\"rule\":\"maxLength\"")
                .contains("\"pointer\":\"/channel\"").contains("\"rule\":\"pattern\"")
                .contains("\"pointer\":\"/extra\"").contains("\"rule\":\"additionalProperties\"");
        assertNothingWritten();
    }

    @Test
    void should_name_missing_property_when_text_is_absent_or_wrong_type() {
        Http.Answer missing = http.postJson(path, "{\"channel\":\"web\"}", Http.bearer(alice.accessToken()));
        Http.Answer wrongType = http.postJson(path, "{\"text\":42}", Http.bearer(alice.accessToken()));
        Http.Answer notObject = http.postJson(path, "[1,2]", Http.bearer(alice.accessToken()));

        assertProblem(missing, 400, "validation");
        assertThat(missing.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/text");
        assertThat(missing.json().path("errors").get(0).path("rule").asText()).isEqualTo("required");
        assertProblem(wrongType, 400, "validation");
        assertThat(wrongType.json().path("errors").get(0).path("rule").asText()).isEqualTo("type");
        assertProblem(notObject, 400, "validation");
        assertNothingWritten();
    }

    @Test
    void should_answer_413_when_body_exceeds_the_limit() {
        String big = "{\"text\":\"" + "a".repeat(300 * 1024) + "\"}";

        Http.Answer answer = http.postJson(path, big, Http.bearer(alice.accessToken()));

        assertProblem(answer, 413, "payload-too-large");
        assertNothingWritten();
    }

    @Test
    void should_answer_400_when_json_is_nested_too_deeply() {
        String deep = "{\"text\":\"hi\",\"meta\":" + "[".repeat(65) + "]".repeat(65) + "}";

        Http.Answer answer = http.postJson(path, deep, Http.bearer(alice.accessToken()));

        assertProblem(answer, 400, "json-too-deep");
        assertNothingWritten();
    }

    @Test
    void should_answer_415_when_content_type_is_not_json() {
        Http.Answer answer = http.send("POST", path, "text/plain", "{\"text\":\"hi\"}", Http.bearer(alice.accessToken()));

        assertProblem(answer, 415, "unsupported-media-type");
        assertNothingWritten();
    }

    @Test
    void should_answer_404_for_unknown_path() {
        Http.Answer answer = http.get("/api/v1/no-such-thing", Http.bearer(alice.accessToken()));

        assertProblem(answer, 404, "not-found");
    }

    @Test
    void should_answer_405_with_allow_header_for_wrong_method() {
        Http.Answer answer = http.send("DELETE", "/api/v1/sessions/" + session, null, null, Http.bearer(alice.accessToken()));

        assertProblem(answer, 405, "method-not-allowed");
        assertThat(answer.header("Allow")).contains("GET");
    }

    @Test
    void should_answer_400_when_session_id_is_invalid() {
        Http.Answer answer = http.postJson("/api/v1/sessions/" + "x".repeat(65) + "/messages", "{\"text\":\"hi\"}",
                Http.bearer(alice.accessToken()));

        assertProblem(answer, 400, "bad-request");
        assertThat(count("SELECT count(*) FROM context_turn")).isEqualTo(turnsBefore);
        assertThat(count("SELECT count(*) FROM context_bundle")).isEqualTo(bundlesBefore);
    }
}
