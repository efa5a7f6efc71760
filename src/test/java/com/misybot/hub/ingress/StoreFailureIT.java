package com.misybot.hub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.sql.SQLException;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The error path of the store: when PostgreSQL fails under {@code context-turn-append} (woven in with AdviceWith),
 * the client gets a 500 problem with its correlation id and no internals, and nothing is half-written.
 */
@CamelSpringBootTest
@DirtiesContext
class StoreFailureIT extends HubIntegrationTest {

    @Autowired
    CamelContext camel;

    @Test
    void should_answer_500_problem_without_internals_when_the_store_fails() throws Exception {
        // given
        TestUser alice = user("user");
        String session = newSessionId();
        AdviceWith.adviceWith(camel, "context-turn-append", route -> route.weaveByToUri("sql:*").replace()
                .throwException(new SQLException("FATAL: could not write to file pg_wal/000001: No space left")));

        // when
        Http.Answer answer = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"hello\"}",
                "Authorization", "Bearer " + alice.accessToken(), "X-Correlation-Id", "store-down-1");

        // then
        assertProblem(answer, 500, "internal");
        assertThat(answer.json().path("correlationId").asText()).isEqualTo("store-down-1");
        assertThat(answer.body()).doesNotContain("pg_wal").doesNotContain("SQLException").doesNotContain("No space");
        assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ?", session)).isZero();
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", session)).isZero();
    }
}
