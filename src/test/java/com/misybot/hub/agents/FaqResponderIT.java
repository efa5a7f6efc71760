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

    @Test
    void should_answer_paraphrases_of_its_entries_and_decline_unrelated_questions_by_calibrated_confidence() {
        // given five more entries (the cosines of issue 16: right answers at 0.55-0.63, unrelated questions at 0.46)
        Http.Answer loaded = http.postJson("/api/v1/knowledge/faq/documents", """
                [{"id":"faq-support-hours","text":"Our human support team answers chats Monday to Friday, 9:00 to 18:00 CET."},
                 {"id":"faq-video-length","text":"Short clips work best between 15 and 60 seconds; TikTok allows up to 10 minutes."},
                 {"id":"faq-delete-account","text":"You can delete your account under Settings, Privacy, Delete account."},
                 {"id":"faq-invoice","text":"Invoices are emailed on the first day of each month and listed under Billing."},
                 {"id":"faq-languages","text":"Captions can be generated in English, Spanish, French, German and Portuguese."}]""",
                Http.bearer(user("operator").accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        // when / then: paraphrases are answered with their entry cited
        Map<String, String> paraphrases = Map.of("when can I talk to a human agent", "faq-support-hours",
                "what length should a short clip be", "faq-video-length");
        paraphrases.forEach((question, entry) -> {
            Map<String, Object> reply = awaitReply(userTurn(newSessionId(), "/faq " + question));
            assertThat((String) reply.get("text")).as(question).contains("Sources: " + entry);
        });
        // and unrelated questions get "I don't know", without a model call
        for (String question : new String[] {"quantum chromodynamics lattice gauge theory",
                "best pizza recipe with mozzarella"}) {
            String session = newSessionId();
            Map<String, Object> reply = awaitReply(userTurn(session, "/faq " + question));
            assertThat((String) reply.get("text")).as(question).startsWith("I don't know");
            assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' AND session_id = ?",
                    session)).isZero();
        }
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
