package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/** GET /api/v1/admin/contexts/{sessionId}: what an operator sees of a session, and who may see it. */
class ContextInspectorIT extends HubIntegrationTest {

    private static final String INSPECT = "/api/v1/admin/contexts/";

    @Test
    void should_show_bundle_turns_as_stored_runs_and_the_last_change_with_its_author() {
        // given: alice's session with a message holding an e-mail address, an agent's reply, then her context edit
        TestUser alice = user("user");
        String[] operator = Http.bearer(user("operator").accessToken());
        String session = newSessionId();
        postAndAwaitReply(alice, session, "Write hooks for our cold brew, reply to ann.lee@example.com");
        long version = http.get("/api/v1/sessions/" + session + "/context", Http.bearer(alice.accessToken())).json()
                .path("version").asLong();
        Http.Answer put = http.send("PUT", "/api/v1/sessions/" + session + "/context", "application/json",
                "{\"version\":" + version + ",\"variables\":{\"tone\":\"playful\"}}",
                Http.bearer(alice.accessToken()));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Http.Answer run = http.postJson("/api/v1/pipelines/viralization/runs", "{\"sessionId\":\"" + session
                + "\",\"brief\":\"A 30 second reel about our cold brew\",\"platforms\":[\"tiktok\"]}",
                Http.bearer(alice.accessToken()));
        assertThat(run.status()).as(run.body()).isEqualTo(202);

        // when
        Http.Answer inspected = http.get(INSPECT + session, operator);

        // then: the bundle, the turns in order with the address as its surrogate, the run, the change and its author
        assertThat(inspected.status()).as(inspected.body()).isEqualTo(200);
        JsonNode view = inspected.json();
        assertThat(view.path("ownerId").asText()).isEqualTo(alice.id());
        assertThat(view.path("anonymizationLevel").asText()).isEqualTo("pseudonymized");
        assertThat(view.at("/variables/tone").asText()).isEqualTo("playful");
        assertThat(view.path("turns")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(view.at("/turns/0/role").asText()).isEqualTo("user");
        assertThat(view.at("/turns/0/text").asText()).contains("⟦EMAIL_ADDRESS_1⟧").doesNotContain("ann.lee");
        assertThat(view.at("/turns/1/role").asText()).isEqualTo("assistant");
        assertThat(view.path("turns").findValuesAsText("seq")).isSorted();
        assertThat(view.path("pipelines").findValuesAsText("runId")).contains(run.json().path("runId").asText());
        assertThat(view.at("/lastChange/what").asText()).isEqualTo("context");
        assertThat(view.at("/lastChange/by").asText()).isEqualTo(alice.id());
        String answeredBy = view.at("/turns/1/agent").asText();
        if (!answeredBy.equals("front-desk")) {
            // the agent the front desk handed the session to answers its follow-ups
            assertThat(view.path("activeAgent").asText()).isEqualTo(answeredBy);
        }
        assertThat(inspected.body()).doesNotContain("ann.lee@example.com");

        // the latest turn only, when asked for one
        JsonNode one = http.get(INSPECT + session + "?turns=1", operator).json();
        assertThat(one.path("turns")).hasSize(1);
        assertThat(one.at("/turns/0/seq").asInt()).isEqualTo(view.path("turnCount").asInt());
    }

    @Test
    void should_let_auditors_read_refuse_users_and_answer_problems_for_bad_requests() {
        TestUser alice = user("user");
        String session = newSessionId();
        postAndAwaitReply(alice, session, "Hello there");
        assertThat(http.get(INSPECT + session, Http.bearer(user("auditor").accessToken())).status()).isEqualTo(200);
        assertThat(http.get(INSPECT + session, Http.bearer(alice.accessToken())).status()).isEqualTo(403);
        String[] operator = Http.bearer(user("operator").accessToken());
        assertProblem(http.get(INSPECT + "no-such-" + session, operator), 404, "not-found");
        assertProblem(http.get(INSPECT + session + "?turns=0", operator), 400, "bad-request");
        assertProblem(http.get(INSPECT + session + "?turns=201", operator), 400, "bad-request");
        assertProblem(http.get(INSPECT + "bad%20id", operator), 400, "bad-request");
    }
}
