package com.misybot.hub.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * faq-responder over the real bus (RabbitMQ, through front-desk) with the offline provider: answers grounded in the
 * {@code faq}
 * knowledge collection cite the documents used; a question nothing answers gets "I don't know"; every answer is an
 * assistant turn replying to the user turn, and an accounted LLM call.
 */
class FaqResponderIT extends HubIntegrationTest {

    private TestUser alice;

    @BeforeEach
    void loadFaq() {
        Http.Answer loaded = http.postJson("/api/v1/knowledge/faq/documents", """
                [{"id":"faq-refund-window","text":"Refunds can be requested within 30 days of purchase from the Orders page."},
                 {"id":"faq-export-video","text":"To export a video, open the editor and choose Export, then pick 1080p or 4K."}]""",
                Http.bearer(user("operator").accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        alice = user("user");
    }

    @Test
    void should_answer_from_the_knowledge_base_and_cite_the_documents_used() {
        // given / when: a question the front desk routes to faq-responder
        String session = newSessionId();
        String turnId = userTurn(session, "How many days do I have to ask for a refund?");
        // then an assistant turn of faq-responder answers that turn, citing the refund document
        Map<String, Object> reply = awaitReply(turnId);
        assertThat(reply.get("agent")).isEqualTo("faq-responder");
        assertThat(reply.get("role")).isEqualTo("assistant");
        assertThat((String) reply.get("text")).contains("30 days").contains("Sources: faq-refund-window");
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' AND session_id = ? "
                + "AND agent = 'faq-responder' AND payload->>'provider' = 'offline'", session)).isEqualTo(1);
    }

    @Test
    void should_say_it_does_not_know_when_nothing_in_the_knowledge_base_matches() {
        String session = newSessionId();
        String turnId = userTurn(session, "/faq What is the boiling point of mercury on Mars?");
        Map<String, Object> reply = awaitReply(turnId);
        assertThat((String) reply.get("text")).startsWith("I don't know");
        // no model call: there was nothing to ground an answer in
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' AND session_id = ?",
                session)).isZero();
    }

    private String userTurn(String session, String text) {
        Http.Answer posted = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"" + text + "\"}",
                Http.bearer(alice.accessToken()));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        return posted.json().path("turnId").asText();
    }

    private Map<String, Object> awaitReply(String turnId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM context_turn "
                + "WHERE reply_to = ?::uuid", turnId) == 1);
        return jdbc.queryForMap("SELECT agent, role, text FROM context_turn WHERE reply_to = ?::uuid", turnId);
    }
}
