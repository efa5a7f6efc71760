package com.misybot.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.TestTracing.RecentSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The session API end to end over HTTP: persistence, read-back, ownership, correlation in answers, logs and spans. */
@ExtendWith(OutputCaptureExtension.class)
class SessionIngressIT extends HubIntegrationTest {

    @Autowired
    RecentSpans spans;

    @Test
    void should_persist_turn_and_bundle_when_user_posts_a_message() {
        // given
        TestUser alice = user("user");
        String session = newSessionId();

        // when
        Http.Answer first = http.postJson("/api/v1/sessions/" + session + "/messages",
                "{\"text\":\"Give me three hooks about cold brew\",\"channel\":\"web\"}", Http.bearer(alice.accessToken()));
        Http.Answer second = http.postJson("/api/v1/sessions/" + session + "/messages",
                "{\"text\":\"Shorter, please\"}", Http.bearer(alice.accessToken()));

        // then
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        JsonNode accepted = first.json();
        assertThat(accepted.path("sessionId").asText()).isEqualTo(session);
        assertThat(accepted.path("correlationId").asText()).isEqualTo(first.header("X-Correlation-Id"));
        assertThat(second.status()).isEqualTo(202);
        Map<String, Object> turn = jdbc.queryForMap(
                "SELECT role, text, channel, seq, correlation_id FROM context_turn WHERE id = ?::uuid",
                accepted.path("turnId").asText());
        assertThat(turn).containsEntry("role", "user").containsEntry("text", "Give me three hooks about cold brew")
                .containsEntry("channel", "web").containsEntry("seq", 1)
                .containsEntry("correlation_id", accepted.path("correlationId").asText());
        // the bundle counts every turn (front-desk's replies may already be among them) and changed once per turn
        Map<String, Object> bundle = jdbc.queryForMap("SELECT owner_id, turn_count, version, (SELECT count(*) FROM "
                + "context_turn t WHERE t.session_id = b.session_id) AS turns FROM context_bundle b WHERE session_id = ?",
                session);
        assertThat(bundle).containsEntry("owner_id", alice.id());
        assertThat(((Number) bundle.get("turn_count")).longValue()).isEqualTo(((Number) bundle.get("turns")).longValue())
                .isGreaterThanOrEqualTo(2);
        assertThat(((Number) bundle.get("version")).longValue()).isEqualTo(((Number) bundle.get("turns")).longValue() - 1);
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND role = 'user'", session))
                .isEqualTo(2);
    }

    @Test
    void should_return_turns_in_order_when_owner_reads_session() {
        // given
        TestUser alice = user("user");
        String session = newSessionId();
        http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"one\"}", Http.bearer(alice.accessToken()));
        http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"two\"}", Http.bearer(alice.accessToken()));

        // when
        Http.Answer answer = http.get("/api/v1/sessions/" + session, Http.bearer(alice.accessToken()));

        // then
        assertThat(answer.status()).isEqualTo(200);
        JsonNode view = answer.json();
        assertThat(view.path("sessionId").asText()).isEqualTo(session);
        assertThat(view.path("ownerId").asText()).isEqualTo(alice.id());
        // the user's turns in order (front-desk's replies may be among them already)
        List<JsonNode> mine = new ArrayList<>();
        view.path("turns").forEach(t -> {
            if (t.path("role").asText().equals("user")) {
                mine.add(t);
            }
        });
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0).path("text").asText()).isEqualTo("one");
        assertThat(mine.get(1).path("text").asText()).isEqualTo("two");
        assertThat(view.path("turns").get(0).path("role").asText()).isEqualTo("user");
        assertThat(view.path("turns").get(0).has("agent")).isFalse();
        assertThat(view.path("turns").get(0).path("createdAt").asText()).isNotBlank();
    }

    @Test
    void should_answer_404_when_another_user_reads_or_writes_the_session() {
        // given
        TestUser alice = user("user");
        TestUser bob = user("user");
        String session = newSessionId();
        http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"mine\"}", Http.bearer(alice.accessToken()));

        // when
        Http.Answer read = http.get("/api/v1/sessions/" + session, Http.bearer(bob.accessToken()));
        Http.Answer write = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"hijack\"}",
                Http.bearer(bob.accessToken()));
        Http.Answer missing = http.get("/api/v1/sessions/" + newSessionId(), Http.bearer(bob.accessToken()));

        // then: same answer as for a session that does not exist, and nothing written
        assertProblem(read, 404, "not-found");
        assertProblem(write, 404, "not-found");
        assertThat(read.json().path("detail")).isEqualTo(missing.json().path("detail"));
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND role = 'user'", session))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM context_turn WHERE text = 'hijack' AND session_id = ?", session)).isZero();
    }

    @Test
    void should_let_operator_and_superadmin_read_any_session() {
        // given
        TestUser alice = user("user");
        String session = newSessionId();
        http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"hi\"}", Http.bearer(alice.accessToken()));

        // when / then
        for (String role : List.of("operator", "superadmin")) {
            Http.Answer answer = http.get("/api/v1/sessions/" + session, Http.bearer(user(role).accessToken()));
            assertThat(answer.status()).as(role).isEqualTo(200);
            assertThat(answer.json().path("ownerId").asText()).isEqualTo(alice.id());
        }
        assertProblem(http.get("/api/v1/sessions/" + session, Http.bearer(user("auditor").accessToken())), 404,
                "not-found");
    }

    @Test
    void should_echo_correlation_id_in_header_body_logs_and_span(CapturedOutput output) {
        // given
        TestUser alice = user("user");
        spans.reset();

        // when
        Http.Answer answer = http.postJson("/api/v1/sessions/" + newSessionId() + "/messages", "{\"text\":\"trace me\"}",
                "Authorization", "Bearer " + alice.accessToken(), "X-Correlation-Id", "it-corr.42_A");

        // then
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.header("X-Correlation-Id")).isEqualTo("it-corr.42_A");
        assertThat(answer.json().path("correlationId").asText()).isEqualTo("it-corr.42_A");
        String logLine = output.getOut().lines().filter(l -> l.contains("Stored user turn")
                && l.contains("\"correlationId\":\"it-corr.42_A\"")).findFirst().orElse(null);
        assertThat(logLine).as("JSON log line of the route").isNotNull()
                .contains("\"camel.routeId\":\"session-message-post\"").contains("\"traceId\":").contains("\"spanId\":")
                // the route ran on the servlet container's request thread, not handed to the task pool
                .contains("\"thread_name\":\"http");
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).anySatisfy(span -> assertThat(span.getAttributes().asMap().toString())
                .contains("correlation.id=it-corr.42_A"));
    }

    @Test
    void should_replace_invalid_correlation_id_with_a_generated_one() {
        // given
        TestUser alice = user("user");

        // when
        Http.Answer answer = http.postJson("/api/v1/sessions/" + newSessionId() + "/messages", "{\"text\":\"x\"}",
                "Authorization", "Bearer " + alice.accessToken(), "X-Correlation-Id", "bad id with spaces and {braces}");

        // then
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.header("X-Correlation-Id")).matches("[0-9a-f-]{36}");
        assertThat(answer.json().path("correlationId").asText()).isEqualTo(answer.header("X-Correlation-Id"));
    }
}
