package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention through HTTP on PostgreSQL and MongoDB: a dry run counts what is due without deleting it; a run
 * soft-deletes turns past their period (their vectors go at once), hard-deletes them after the grace period, deletes
 * old snapshots, outbox rows and de-duplication rows; a session under legal hold keeps everything; roles and bad
 * bodies are refused.
 */
class RetentionIT extends HubIntegrationTest {

    @Autowired
    MongoClient mongo;

    @Test
    void should_report_then_purge_what_is_past_its_period_and_keep_what_is_held() {
        // given two sessions with embedded turns, one under legal hold, both aged past the turns' period
        TestUser owner = user("user");
        TestUser operator = user("operator");
        String aged = newSessionId();
        String held = newSessionId();
        postAndAwaitReply(owner, aged, "cold brew reel hooks for a retention test");
        postAndAwaitReply(owner, held, "cold brew reel hooks for a held session");
        awaitEmbedded(aged);
        awaitEmbedded(held);
        Http.Answer hold = http.send("PUT", "/api/v1/admin/sessions/" + held + "/legal-hold", "application/json",
                "{\"hold\":true,\"reason\":\"case 2026-114 litigation\"}", Http.bearer(operator.accessToken()));
        assertThat(hold.status()).as(hold.body()).isEqualTo(200);
        assertThat(hold.json().path("legalHold").asBoolean()).isTrue();
        jdbc.update("UPDATE context_turn SET created_at = now() - interval '400 days' WHERE session_id IN (?, ?)",
                aged, held);
        String snapshot = http.postJson("/api/v1/sessions/" + aged + "/snapshots", "",
                Http.bearer(owner.accessToken())).json().path("snapshotRef").asText();
        jdbc.update("UPDATE bus_processed_message SET claimed_at = now() - interval '30 days' WHERE consumer_key IN "
                + "(SELECT consumer_key FROM bus_processed_message LIMIT 1)");
        String oldKey = "retention-it-" + UUID.randomUUID();
        jdbc.update("INSERT INTO bus_processed_message (consumer_key, status, claimed_at) VALUES (?, 'completed', "
                + "now() - interval '30 days')", oldKey);
        jdbc.execute("ALTER TABLE context_snapshot DISABLE TRIGGER USER");
        try {
            jdbc.update("UPDATE context_snapshot SET created_at = now() - interval '100 days' WHERE ref = CAST(? AS uuid)",
                    snapshot);
        } finally {
            jdbc.execute("ALTER TABLE context_snapshot ENABLE TRIGGER USER");
        }

        // when an operator asks for the dry run
        Http.Answer report = http.get("/api/v1/admin/retention", Http.bearer(operator.accessToken()));

        // then it counts what is due and deletes nothing
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode turns = byClass(report.json(), "turns");
        assertThat(turns.path("dueForSoftDelete").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(turns.path("keptByLegalHold").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(byClass(report.json(), "snapshots").path("dueForHardDelete").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(report.json().path("sessionsOnHold").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND deleted_at IS NULL", aged))
                .isEqualTo(2);

        // when a run happens
        Http.Answer run = http.postJson("/api/v1/admin/retention/run", "", Http.bearer(operator.accessToken()));

        // then the aged session's turns are soft-deleted and their vectors gone; the held session keeps all
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("purged").path("turns").path("soft").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND deleted_at IS NOT NULL", aged))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND deleted_at IS NULL", held))
                .isEqualTo(2);
        assertThat(vectors(aged)).isZero();
        assertThat(vectors(held)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE ref = CAST(? AS uuid)", snapshot)).isZero();
        assertThat(count("SELECT count(*) FROM bus_processed_message WHERE consumer_key = ?", oldKey)).isZero();
        assertThat(http.get("/api/v1/sessions/" + aged, Http.bearer(owner.accessToken())).json().path("turns"))
                .isEmpty();

        // when the grace period has passed too, the next run hard-deletes them
        jdbc.update("UPDATE context_turn SET deleted_at = now() - interval '8 days' WHERE session_id = ?", aged);
        Http.Answer second = http.postJson("/api/v1/admin/retention/run", "", Http.bearer(operator.accessToken()));
        assertThat(second.json().path("purged").path("turns").path("hard").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", aged)).isZero();
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", held)).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM retention_run")).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'retention.hold' AND target = ? "
                + "AND actor = ?", held, operator.id())).isOne();

        // and once the hold is lifted, the held session goes like any other
        http.send("PUT", "/api/v1/admin/sessions/" + held + "/legal-hold", "application/json", "{\"hold\":false}",
                Http.bearer(operator.accessToken()));
        http.postJson("/api/v1/admin/retention/run", "", Http.bearer(operator.accessToken()));
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND deleted_at IS NULL", held))
                .isZero();
    }

    @Test
    void should_refuse_users_bad_bodies_and_unknown_sessions() {
        TestUser user = user("user");
        TestUser operator = user("operator");
        assertThat(http.get("/api/v1/admin/retention", Http.bearer(user.accessToken())).status()).isEqualTo(403);
        assertThat(http.postJson("/api/v1/admin/retention/run", "", Http.bearer(user.accessToken())).status())
                .isEqualTo(403);
        String path = "/api/v1/admin/sessions/" + newSessionId() + "/legal-hold";
        assertProblem(http.send("PUT", path, "application/json", "{\"hold\":true}",
                Http.bearer(operator.accessToken())), 400, "validation");
        assertProblem(http.send("PUT", path, "application/json", "{\"hold\":\"yes\",\"reason\":\"case 1\"}",
                Http.bearer(operator.accessToken())), 400, "validation");
        assertProblem(http.send("PUT", path, "application/json", "{\"hold\":true,\"reason\":\"case 1 hold\"}",
                Http.bearer(operator.accessToken())), 404, "not-found");
    }

    /** The session's turn vectors (an agent may embed what it generated in the session too). */
    private long vectors(String session) {
        return Stores.mongoDocuments(mongo, Filters.and(Filters.eq("sessionId", session), Filters.eq("kind", "turn")));
    }

    private static JsonNode byClass(JsonNode report, String dataClass) {
        for (JsonNode c : report.path("classes")) {
            if (c.path("dataClass").asText().equals(dataClass)) {
                return c;
            }
        }
        throw new AssertionError("no class " + dataClass + " in " + report);
    }

    private void awaitEmbedded(String session) {
        awaitTurnsEmbedded(session);
        assertThat(vectors(session)).as("vectors of " + session).isEqualTo(2);
    }
}
