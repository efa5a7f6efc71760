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
 * Data subject rights through HTTP on PostgreSQL, Redis, RabbitMQ and MongoDB: the export holds all of a user's data
 * (their own values re-identified) and nobody else's; erasure removes the subject from every store, destroys their
 * vault key, answers a receipt, is idempotent, leaves other users untouched, and an erasure interrupted half-way is
 * finished by the resume timer.
 */
class SubjectDataIT extends HubIntegrationTest {

    @Autowired
    MongoClient mongo;

    @Test
    void should_export_everything_about_the_caller_and_nothing_about_others() {
        // given
        TestUser alice = user("user");
        TestUser bob = user("user");
        String aliceSession = newSessionId();
        String bobSession = newSessionId();
        postAndAwaitReply(alice, aliceSession, "My mail is alice.export@example.com, three hooks for a cold brew reel");
        postAndAwaitReply(bob, bobSession, "Bob's session about latte art");
        http.postJson("/api/v1/me/consents", "{\"purpose\":\"analytics\",\"granted\":true,\"policyVersion\":\"1\"}",
                Http.bearer(alice.accessToken()));
        http.postJson("/api/v1/contents", "{\"title\":\"Alice's draft\",\"text\":\"Cold brew notes for the export\"}",
                Http.bearer(alice.accessToken()));
        awaitTurnsEmbedded(aliceSession);

        // when
        Http.Answer export = http.get("/api/v1/me/export", Http.bearer(alice.accessToken()));

        // then
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode doc = export.json();
        assertThat(doc.path("userId").asText()).isEqualTo(alice.id());
        assertThat(doc.path("account").path("username").asText()).isEqualTo(alice.username());
        assertThat(doc.path("account").has("password_hash")).isFalse();
        JsonNode pg = doc.path("postgresql");
        assertThat(pg.path("context_bundle")).hasSize(1);
        assertThat(pg.path("context_turn").toString()).contains("alice.export@example.com")
                .doesNotContain("⟦EMAIL_ADDRESS_1⟧");
        assertThat(pg.path("consent_record")).hasSize(1);
        assertThat(pg.path("content_piece")).hasSize(1);
        assertThat(pg.path("content_version").toString()).contains("Cold brew notes for the export");
        assertThat(doc.path("vault").toString()).contains("alice.export@example.com");
        assertThat(doc.path("mongodb").size()).isGreaterThanOrEqualTo(2);
        assertThat(doc.path("mongodb").toString()).doesNotContain("\"vector\"");
        assertThat(export.body()).doesNotContain(bobSession).doesNotContain("latte art");
    }

    @Test
    void should_erase_a_subject_from_every_store_with_a_receipt_and_leave_others_untouched() {
        // given
        TestUser carol = user("user");
        TestUser dave = user("user");
        String carolSession = newSessionId();
        String daveSession = newSessionId();
        postAndAwaitReply(carol, carolSession, "Reach me at carol.erase@example.com about the reel");
        postAndAwaitReply(dave, daveSession, "Dave keeps his session");
        http.send("PUT", "/api/v1/sessions/" + carolSession + "/context", "application/json",
                "{\"version\":" + version(carol, carolSession) + ",\"summary\":\"carol's summary\"}",
                Http.bearer(carol.accessToken()));
        http.get("/api/v1/sessions/" + carolSession + "/context", Http.bearer(carol.accessToken())); // cached
        http.postJson("/api/v1/contents", "{\"title\":\"Carol's draft\",\"text\":\"A draft carol erases\",\"sessionId\":\""
                + carolSession + "\"}", Http.bearer(carol.accessToken()));
        awaitTurnsEmbedded(carolSession);
        awaitTurnsEmbedded(daveSession);

        // when carol erases herself
        Http.Answer erased = http.send("DELETE", "/api/v1/me", null, null, Http.bearer(carol.accessToken()));

        // then the receipt counts what each store lost
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode stores = erased.json().path("stores");
        assertThat(erased.json().path("status").asText()).isEqualTo("DONE");
        assertThat(stores.path("postgresql").path("context_turn").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(stores.path("postgresql").path("context_bundle").asInt()).isOne();
        assertThat(stores.path("postgresql").path("pii_token").asInt()).isOne();
        assertThat(stores.path("vectors").path("deleted").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(stores.path("cache").path("evicted").asInt()).isOne();
        assertThat(stores.path("vault").path("subjectKeyDestroyed").asBoolean()).isTrue();
        // and no store holds anything of carol
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", carolSession)).isZero();
        assertThat(count("SELECT count(*) FROM context_bundle WHERE owner_id = ?", carol.id())).isZero();
        assertThat(count("SELECT count(*) FROM pii_token WHERE owner_id = ?", carol.id())).isZero();
        assertThat(stores.path("postgresql").path("content_version").asInt()).isOne();
        assertThat(count("SELECT count(*) FROM content_piece WHERE owner_id = ?", carol.id())).isZero();
        assertThat(count("SELECT count(*) FROM subject_key WHERE owner_id = ?", carol.id())).isZero();
        assertThat(count("SELECT count(*) FROM bus_outbox WHERE envelope LIKE ?", "%" + carolSession + "%")).isZero();
        // nor any analytics event naming her (her agent replies' events)
        assertThat(count("SELECT count(*) FROM bus_outbox WHERE envelope LIKE ?", "%" + carol.id() + "%")).isZero();
        assertThat(count("SELECT count(*) FROM app_user WHERE CAST(id AS text) = ? AND username = ?", carol.id(),
                carol.username())).isZero();
        assertThat(vectorsOfOwner(carol.id())).isZero();
        assertThat(http.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
                + carol.username() + "\",\"password\":\"" + STRONG_PASSWORD + "\"}").status()).isEqualTo(401);
        // dave is untouched
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", daveSession)).isEqualTo(2);
        assertThat(vectorsOfOwner(dave.id())).isGreaterThanOrEqualTo(2);
        assertThat(http.get("/api/v1/sessions/" + daveSession, Http.bearer(dave.accessToken())).status())
                .isEqualTo(200);

        // and erasing her again (superadmin) answers the same receipt
        TestUser admin = user("superadmin");
        Http.Answer again = http.postJson("/api/v1/admin/subjects/" + carol.id() + "/erase", "",
                Http.bearer(admin.accessToken()));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("erasureId").asText()).isEqualTo(erased.json().path("erasureId").asText());
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'subject.erase.done' AND target = ?",
                "user:" + carol.id())).isOne();
    }

    @Test
    void should_finish_an_erasure_that_stopped_half_way() {
        // given an erasure whose replica died after its first step (RUNNING, lease passed)
        TestUser erin = user("user");
        String session = newSessionId();
        postAndAwaitReply(erin, session, "Erin's message to be erased, mail erin.resume@example.com");
        awaitTurnsEmbedded(session);
        UUID erasure = UUID.randomUUID();
        jdbc.update("INSERT INTO erasure_request (id, user_id, requested_by, status, sessions, receipt, lease_until) "
                + "VALUES (?, ?, ?, 'RUNNING', ARRAY[?]::text[], CAST(? AS jsonb), now() - interval '1 minute')",
                erasure, erin.id(), erin.id(), session, "{\"deadLetters\":{\"discarded\":0}}");

        // when the resume timer runs (every second in the test profile)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM erasure_request WHERE id = ? AND status = 'DONE'", erasure) == 1);

        // then it finished the remaining steps, and kept the one done before
        TestUser admin = user("superadmin");
        Http.Answer receipt = http.get("/api/v1/admin/erasures/" + erasure, Http.bearer(admin.accessToken()));
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
        assertThat(receipt.json().path("status").asText()).isEqualTo("DONE");
        assertThat(receipt.json().path("stores").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("deadLetters", "vectors", "cache", "postgresql", "vault");
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", session)).isZero();
        assertThat(vectorsOfOwner(erin.id())).isZero();
    }

    @Test
    void should_refuse_other_roles_and_unknown_subjects() {
        TestUser operator = user("operator");
        TestUser admin = user("superadmin");
        assertThat(http.postJson("/api/v1/admin/subjects/" + UUID.randomUUID() + "/erase", "",
                Http.bearer(operator.accessToken())).status()).isEqualTo(403);
        assertProblem(http.postJson("/api/v1/admin/subjects/" + UUID.randomUUID() + "/erase", "",
                Http.bearer(admin.accessToken())), 404, "not-found");
        assertProblem(http.get("/api/v1/admin/erasures/" + UUID.randomUUID(), Http.bearer(admin.accessToken())), 404,
                "not-found");
        assertThat(http.get("/api/v1/me/export").status()).isEqualTo(401);
    }

    private long version(TestUser owner, String session) {
        return http.get("/api/v1/sessions/" + session + "/context", Http.bearer(owner.accessToken())).json()
                .path("version").asLong();
    }

    private long vectorsOfOwner(String owner) {
        return Stores.mongoDocuments(mongo, Filters.eq("ownerId", owner));
    }
}
