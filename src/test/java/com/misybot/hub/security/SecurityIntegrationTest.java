package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Base of the OWASP API Security Top 10 suite: the hub's OpenAPI document, objects created for a test (a session with
 * a turn, its context and snapshot, a viralization run with its calendar entries, a knowledge document) whose ids
 * fill the document's path parameters, and a fingerprint of the main tables to show that a refused call changed
 * nothing.
 */
abstract class SecurityIntegrationTest extends HubIntegrationTest {

    /**
     * Tables whose rows a request could create or change. audit_log and audit_chain are left out on purpose: every
     * admin request, refused ones included, is recorded there (that record is the point); analytics_report is
     * written by the daily job alone (in the tests as soon as a UTC day begins).
     */
    static final List<String> MAIN_TABLES = List.of("app_user", "api_key", "refresh_token", "jwt_signing_key",
            "crypto_keyset", "context_bundle", "context_turn", "context_snapshot", "agent_workflow", "agent_event_log",
            "generated_artifact", "saga", "saga_step", "bus_outbox", "vector_change", "publication", "calendar_entry",
            "policy_version", "content_piece", "content_version", "trend_signal", "trend_source_state",
            "analytics_rollup", "analytics_event", "analytics_publication", "campaign", "campaign_launch");

    /** One owner's objects: the values of the document's path parameters, and the owner's id. */
    record OwnedObjects(String ownerId, Map<String, String> pathValues) {
    }

    protected OpenApiContract contract() {
        return OpenApiContract.fetch(http);
    }

    /**
     * Creates, as {@code owner}, a session with one turn, an updated context, a snapshot and a viralization run (a
     * saga with calendar entries once it completes), a content piece and a stopped campaign; {@code operator} adds a
     * knowledge document. Path parameters
     * without an owner (agent, messageId, routeId) get a known agent and ids that do not exist.
     */
    protected OwnedObjects objectsOf(TestUser owner, TestUser operator) {
        String sessionId = newSessionId();
        Http.Answer message = http.postJson("/api/v1/sessions/" + sessionId + "/messages",
                "{\"text\":\"We sell cold brew coffee\"}", Http.bearer(owner.accessToken()));
        assertThat(message.status()).as(message.body()).isEqualTo(202);
        Http.Answer snapshot = http.send("POST", "/api/v1/sessions/" + sessionId + "/snapshots", null, null,
                Http.bearer(owner.accessToken()));
        assertThat(snapshot.status()).as(snapshot.body()).isEqualTo(201);
        Http.Answer run = http.postJson("/api/v1/pipelines/viralization/runs", "{\"sessionId\":\"" + sessionId
                + "\",\"brief\":\"30 second reel about our cold brew\",\"platforms\":[\"tiktok\"]}",
                Http.bearer(owner.accessToken()));
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        Http.Answer content = http.postJson("/api/v1/contents", "{\"title\":\"Cold brew\",\"text\":\"Our cold brew "
                + "steeps for twenty hours.\",\"sessionId\":\"" + sessionId + "\"}", Http.bearer(owner.accessToken()));
        assertThat(content.status()).as(content.body()).isEqualTo(201);
        // a campaign over the session, stopped at once: it can be read, but it never plans or launches a run
        Http.Answer campaign = http.postJson("/api/v1/campaigns", "{\"name\":\"owasp\",\"sessions\":[\""
                + sessionId + "\"],\"platforms\":[\"tiktok\"],\"goal\":\"ctr\",\"start\":\""
                + java.time.Instant.now().plus(java.time.Duration.ofDays(30)) + "\",\"end\":\""
                + java.time.Instant.now().plus(java.time.Duration.ofDays(31)) + "\"}", Http.bearer(owner.accessToken()));
        assertThat(campaign.status()).as(campaign.body()).isEqualTo(201);
        jdbc.update("UPDATE campaign SET status = 'stopped', stopped_by = 'owasp' WHERE id = ?::uuid",
                campaign.json().path("campaignId").asText());
        String collection = "owasp-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer knowledge = http.postJson("/api/v1/knowledge/" + collection + "/documents",
                "[{\"id\":\"doc-1\",\"text\":\"Refunds are possible within 30 days.\"}]", Http.bearer(operator.accessToken()));
        assertThat(knowledge.status()).as(knowledge.body()).isEqualTo(200);

        awaitSettled(run.json().path("runId").asText(), owner);

        Map<String, String> values = new HashMap<>();
        values.put("sessionId", sessionId);
        values.put("snapshotRef", snapshot.json().path("snapshotRef").asText());
        values.put("runId", run.json().path("runId").asText());
        values.put("collection", collection);
        values.put("documentId", "doc-1");
        values.put("contentId", content.json().path("id").asText());
        values.put("campaignId", campaign.json().path("campaignId").asText());
        values.put("id", "doc-1");
        values.put("agent", "front-desk");
        values.put("messageId", UUID.randomUUID().toString());
        // operator routes: a unit that does not exist (no security test may change what runs)
        values.put("routeId", "owasp-no-such-unit");
        values.put("version", "1");
        // policies: a policy that does not exist (no security test may change what the gate judges by)
        values.put("policyId", "owasp-no-such-policy");
        // pipeline templates: a template and an instance that do not exist (nothing is instantiated)
        values.put("templateId", "owasp-no-such-template");
        values.put("name", "owasp-no-such-instance");
        // privacy: the owner as data subject, an erasure that does not exist (no security test erases anyone)
        values.put("userId", owner.id());
        values.put("erasureId", UUID.randomUUID().toString());
        return new OwnedObjects(owner.id(), values);
    }

    /** Waits until the run's saga stops working (completed, compensated or waiting for approval). */
    private void awaitSettled(String runId, TestUser owner) {
        long deadline = System.currentTimeMillis() + 60_000;
        String status = "";
        while (System.currentTimeMillis() < deadline) {
            status = http.get("/api/v1/sagas/" + runId, Http.bearer(owner.accessToken())).json().path("status").asText();
            if (!List.of("RUNNING", "COMPLETING", "COMPENSATING").contains(status)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("run " + runId + " still " + status + " after 60 s");
    }

    /** Values for request bodies built from a schema: the caller's session, fresh names, a strong password. */
    protected static Map<String, Object> bodyValues(Map<String, String> pathValues) {
        Map<String, Object> values = new HashMap<>(pathValues);
        // {version} of the operator route paths is not the "version" of request bodies (a bundle's, an integer)
        values.remove("version");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        values.put("username", "owasp-" + unique);
        values.put("name", "owasp-key-" + unique);
        values.put("password", STRONG_PASSWORD);
        values.put("platforms", List.of("tiktok"));
        values.put("brief", "30 second reel about our cold brew");
        values.put("text", "What are your opening hours?");
        values.put("query", "opening hours");
        values.put("roles", List.of("user"));
        values.put("role", "user");
        return values;
    }

    /** Sends a call of {@code op} with its path filled, a body when it takes one, and {@code headers}. */
    protected Http.Answer call(OpenApiContract.Operation op, Map<String, String> pathValues, String body,
                               String... headers) {
        String contentType = op.hasBody() || body != null ? "application/json" : null;
        return http.send(op.method(), op.uri(pathValues), contentType, body, headers);
    }

    /** A schema-valid body for {@code op} (null when it takes none): what a permitted caller would send. */
    protected static String validBody(OpenApiContract.Operation op, Map<String, String> pathValues) {
        if (!op.hasBody()) {
            return null;
        }
        JsonNode body = SchemaSamples.valid(op.requestSchema(), bodyValues(pathValues));
        return HostileBodies.write(body);
    }

    /**
     * Tables whose rows the hub's own schedule updates whatever a request does: only their row count is compared
     * (the signing-key rotation retires a key by updating its row; a CI run saw it happen in the middle of a fuzz).
     */
    static final java.util.Set<String> ROWS_ONLY = java.util.Set.of("jwt_signing_key");

    /** Row count and sum of versions of every main table (row count only for {@link #ROWS_ONLY}). */
    protected Map<String, String> fingerprint() {
        Map<String, String> print = new TreeMap<>();
        for (String table : MAIN_TABLES) {
            Boolean versioned = !ROWS_ONLY.contains(table) && jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM "
                    + "information_schema.columns WHERE table_name = ? AND column_name = 'version')", Boolean.class,
                    table);
            String sql = "SELECT count(*) || '/' || " + (Boolean.TRUE.equals(versioned) ? "coalesce(sum(version), 0)" : "0")
                    + " FROM " + table;
            print.put(table, jdbc.queryForObject(sql, String.class));
        }
        return print;
    }

    /**
     * The fingerprint once background work (agent replies, the saga, turn embedding) has settled: the same for
     * 1.5 s, within 60 s.
     */
    protected Map<String, String> quietFingerprint() {
        Map<String, String> last = fingerprint();
        long deadline = System.currentTimeMillis() + 60_000;
        int stableFor = 0;
        while (stableFor < 6 && System.currentTimeMillis() < deadline) {
            sleep(250);
            Map<String, String> now = fingerprint();
            stableFor = now.equals(last) ? stableFor + 1 : 0;
            last = now;
        }
        assertThat(stableFor).as("the database never settled: %s", last).isGreaterThanOrEqualTo(6);
        return last;
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every 4xx/5xx is an RFC 9457 problem whose status matches and that names no class or stack frame. */
    protected static void assertCleanProblem(Http.Answer answer, String what) {
        assertThat(answer.contentType()).as("%s: %s", what, answer.body()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(answer.status());
        assertThat(problem.path("type").asText()).as(what).isNotBlank();
        assertThat(problem.path("title").asText()).as(what).isNotBlank();
        assertThat(answer.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("java.").doesNotContain("org.apache").doesNotContain("org.springframework")
                .doesNotContain("com.misybot");
    }
}
