package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Consent over HTTP: configured defaults, grants and withdrawals kept as history and audited, bad bodies refused
 * with nothing stored, and a withdrawn personalization consent stops the embedding of the user's turns.
 */
class ConsentIT extends HubIntegrationTest {

    @Test
    void should_show_the_defaults_then_record_changes_with_history_and_audit() {
        // given a user who recorded nothing
        TestUser alice = user("user");
        Map<String, Boolean> before = states(alice);
        assertThat(before).containsExactlyInAnyOrderEntriesOf(Map.of("personalization", true, "analytics", false,
                "model-improvement", false, "marketing", false));

        // when she grants analytics, then withdraws personalization
        Http.Answer granted = post(alice, "{\"purpose\":\"analytics\",\"granted\":true,\"policyVersion\":\"2026-11\"}");
        Http.Answer withdrawn = post(alice, "{\"purpose\":\"personalization\",\"granted\":false,\"policyVersion\":\"2026-11\"}");

        // then
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(granted.json().path("source").asText()).isEqualTo("recorded");
        assertThat(withdrawn.json().path("granted").asBoolean()).isFalse();
        Http.Answer listed = http.get("/api/v1/me/consents", Http.bearer(alice.accessToken()));
        assertThat(states(alice)).containsEntry("analytics", true).containsEntry("personalization", false)
                .containsEntry("marketing", false);
        JsonNode history = listed.json().path("history");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("purpose").asText()).isEqualTo("personalization");
        assertThat(history.get(1).path("purpose").asText()).isEqualTo("analytics");
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'consent.withdraw' "
                + "AND target = ? AND details->>'purpose' = 'personalization'", alice.id(), "user:" + alice.id())).isOne();
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'consent.grant'", alice.id()))
                .isOne();
        // another user's consents are untouched
        assertThat(states(user("user"))).containsEntry("personalization", true).containsEntry("analytics", false);
        // an operator sees her state; a user may not look at someone else's
        Http.Answer seen = http.get("/api/v1/admin/subjects/" + alice.id() + "/consents",
                Http.bearer(user("operator").accessToken()));
        assertThat(seen.status()).as(seen.body()).isEqualTo(200);
        assertThat(seen.json().path("history")).hasSize(2);
        assertThat(http.get("/api/v1/admin/subjects/" + alice.id() + "/consents",
                Http.bearer(user("user").accessToken())).status()).isEqualTo(403);
    }

    @Test
    void should_refuse_unknown_purposes_and_bad_bodies_and_store_nothing() {
        TestUser bob = user("user");
        assertProblem(post(bob, "{\"purpose\":\"selling-data\",\"granted\":true,\"policyVersion\":\"1\"}"), 400,
                "validation");
        assertProblem(post(bob, "{\"purpose\":\"marketing\",\"policyVersion\":\"1\"}"), 400, "validation");
        assertProblem(post(bob, "{\"purpose\":\"marketing\",\"granted\":\"yes\",\"policyVersion\":\"1\"}"), 400,
                "validation");
        assertThat(count("SELECT count(*) FROM consent_record WHERE user_id = ?", bob.id())).isZero();
        assertThat(http.get("/api/v1/me/consents").status()).isEqualTo(401);
    }

    @Test
    void should_stop_embedding_a_users_turns_when_personalization_is_withdrawn() {
        // given carol withdrew personalization and dave did not
        TestUser carol = user("user");
        TestUser dave = user("user");
        assertThat(post(carol, "{\"purpose\":\"personalization\",\"granted\":false,\"policyVersion\":\"2026-11\"}")
                .status()).isEqualTo(201);
        String carolSession = newSessionId();
        String daveSession = newSessionId();

        // when both post a message and the turn-embedding route runs (every 200 ms in the test profile)
        assertThat(http.postJson("/api/v1/sessions/" + carolSession + "/messages", "{\"text\":\"cold brew launch plan\"}",
                Http.bearer(carol.accessToken())).status()).isEqualTo(202);
        assertThat(http.postJson("/api/v1/sessions/" + daveSession + "/messages", "{\"text\":\"cold brew launch plan\"}",
                Http.bearer(dave.accessToken())).status()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 30_000;
        while (pending(carolSession) + pending(daveSession) > 0 && System.currentTimeMillis() < deadline) {
            sleep(200);
        }

        // then dave's turn is searchable by meaning in his session and carol's is not (it was never embedded)
        assertThat(pending(carolSession) + pending(daveSession)).isZero();
        assertThat(search(dave, daveSession)).isPositive();
        assertThat(search(carol, carolSession)).isZero();
    }

    private int search(TestUser user, String session) {
        Http.Answer found = http.postJson("/api/v1/search", "{\"query\":\"cold brew launch plan\",\"scope\":\"session\","
                + "\"sessionId\":\"" + session + "\",\"minScore\":0.3}", Http.bearer(user.accessToken()));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().path("results").size();
    }

    private int pending(String session) {
        return count("SELECT count(*) FROM context_turn t JOIN context_bundle b ON b.id = t.bundle_id "
                + "WHERE b.session_id = ? AND t.embedded_at IS NULL", session);
    }

    private Http.Answer post(TestUser user, String body) {
        return http.postJson("/api/v1/me/consents", body, Http.bearer(user.accessToken()));
    }

    private Map<String, Boolean> states(TestUser user) {
        Http.Answer answer = http.get("/api/v1/me/consents", Http.bearer(user.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, Boolean> states = new HashMap<>();
        answer.json().path("consents").forEach(c -> states.put(c.path("purpose").asText(), c.path("granted").asBoolean()));
        return states;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
