package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import org.junit.jupiter.api.Test;

/**
 * Regressions of what RequestFuzzingIT found: text that is valid JSON and passes the schemas but that the store or
 * the embedding model cannot take (U+0000, blank or invisible-only text) is refused with a 400 problem or handled,
 * never a 500, and one such turn no longer stops the background embedding of everybody's turns.
 */
class HostileTextIT extends SecurityIntegrationTest {

    @Test
    void should_keep_embedding_everybodys_turns_after_a_turn_with_nothing_to_embed() {
        // given: a user posts an invisible-only and a blank message, then someone else a normal one
        TestUser mallory = user("user");
        TestUser alice = user("user");
        String blankSession = newSessionId();
        String aliceSession = newSessionId();
        for (String text : new String[] {"\\u200b", "   ", "\\ufeff\\t"}) {
            assertThat(http.postJson("/api/v1/sessions/" + blankSession + "/messages", "{\"text\":\"" + text + "\"}",
                    Http.bearer(mallory.accessToken())).status()).isEqualTo(202);
        }
        assertThat(http.postJson("/api/v1/sessions/" + aliceSession + "/messages", "{\"text\":\"cold brew launch\"}",
                Http.bearer(alice.accessToken())).status()).isEqualTo(202);

        // when: the turn-embedding route runs (every 200 ms in the test profile)
        long deadline = System.currentTimeMillis() + 30_000;
        while (pending(aliceSession) + pending(blankSession) > 0 && System.currentTimeMillis() < deadline) {
            sleep(200);
        }

        // then: alice's turn is embedded and the unembeddable ones are done too (they used to fail every batch)
        assertThat(pending(aliceSession)).isZero();
        assertThat(pending(blankSession)).isZero();
        Http.Answer search = http.postJson("/api/v1/search", "{\"query\":\"cold brew launch\",\"scope\":\"session\","
                + "\"sessionId\":\"" + aliceSession + "\",\"minScore\":0.5}", Http.bearer(alice.accessToken()));
        assertThat(search.json().path("results").get(0).path("text").asText()).isEqualTo("cold brew launch");
    }

    @Test
    void should_refuse_text_with_nothing_to_embed_or_search_with_400() {
        // given
        TestUser operator = user("operator");
        String collection = "hostile-" + System.nanoTime();

        // when
        Http.Answer search = http.postJson("/api/v1/search", "{\"query\":\"\\u200b \"}", Http.bearer(operator.accessToken()));
        Http.Answer knowledge = http.postJson("/api/v1/knowledge/" + collection + "/documents",
                "[{\"id\":\"ok\",\"text\":\"fine\"},{\"id\":\"blank\",\"text\":\" \\t\"}]", Http.bearer(operator.accessToken()));

        // then
        assertProblem(search, 400, "validation");
        assertThat(search.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/query");
        assertProblem(knowledge, 400, "validation");
        assertThat(knowledge.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/1/text");
        assertThat(count("SELECT count(*) FROM vector_change WHERE source_ids::text LIKE ?", "%" + collection + "%"))
                .isZero();
    }

    @Test
    void should_refuse_nul_in_bodies_and_query_parameters_with_400_and_store_nothing() {
        // given
        TestUser alice = user("user");
        TestUser auditor = user("auditor");
        String session = newSessionId();

        // when
        Http.Answer message = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"a\\u0000b\"}",
                Http.bearer(alice.accessToken()));
        Http.Answer login = http.postJson("/api/v1/auth/token",
                "{\"grant_type\":\"password\",\"username\":\"\\u0000\",\"password\":\"x\"}");
        Http.Answer audit = http.get("/api/v1/admin/audit?actor=%00", Http.bearer(auditor.accessToken()));

        // then
        assertProblem(message, 400, "validation");
        assertThat(message.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/text");
        assertProblem(login, 400, "validation");
        assertProblem(audit, 400, "bad-request");
        assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ?", session)).isZero();
    }

    @Test
    void should_answer_an_invisible_only_message_with_a_question() {
        // given
        TestUser alice = user("user");

        // when
        Http.Answer answer = http.postJson("/api/v1/sessions/" + newSessionId() + "/messages?wait=20",
                "{\"text\":\"\\u200b\"}", Http.bearer(alice.accessToken()));

        // then: the front desk asks what the user wants instead of failing into the dead-letter queue
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("reply").path("text").asText()).startsWith("What can I do for you?");
    }

    private int pending(String sessionId) {
        return count("SELECT count(*) FROM context_turn t JOIN context_bundle b ON b.id = t.bundle_id "
                + "WHERE b.session_id = ? AND t.role = 'user' AND t.embedded_at IS NULL", sessionId);
    }
}
