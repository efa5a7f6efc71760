package com.misybot.hub.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The audit log through the hub (issue 12): each administrative action leaves exactly one record naming its actor
 * by id, every admin and console request one access record (refusals too), no record carries raw personal data,
 * only auditors and superadmins read it, and verify proves it intact or names the record that was edited.
 */
class AuditLogIT extends HubIntegrationTest {

    @Autowired
    AuditCheckpointer checkpointer;

    @Test
    void should_record_each_admin_action_exactly_once_with_its_access_record() {
        // given
        TestUser admin = user("superadmin");
        TestUser operator = user("operator");
        long from = head();

        // when: identities, dead letters and the console, as an admin and an operator do them
        Http.Answer created = http.postJson("/api/v1/admin/users", "{\"username\":\"audited-" + from
                + "\",\"password\":\"a-long-enough-password\",\"roles\":[\"user\"]}", Http.bearer(admin.accessToken()));
        Http.Answer key = http.postJson("/api/v1/admin/api-keys", "{\"name\":\"audited-" + from + "\",\"role\":\"user\"}",
                Http.bearer(admin.accessToken()));
        Http.Answer listed = http.get("/api/v1/admin/dlq/front-desk", Http.bearer(operator.accessToken()));
        Http.Answer replayed = http.postJson("/api/v1/admin/dlq/front-desk/replay", "{\"messageIds\":[\"none\"]}",
                Http.bearer(operator.accessToken()));
        Http.Answer discarded = http.send("DELETE", "/api/v1/admin/dlq/front-desk/none", null, null,
                Http.bearer(operator.accessToken()));
        Http.Answer console = http.get("/actuator/hawtio/", Http.bearer(operator.accessToken()));

        // then
        assertThat(created.status()).isEqualTo(201);
        assertThat(key.status()).isEqualTo(201);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(discarded.status()).isEqualTo(404);
        assertThat(console.status()).isEqualTo(200);
        String userId = created.json().path("id").asText();
        assertOne(from, "user.create", admin.id(), "superadmin", "user:" + userId);
        assertOne(from, "api-key.create", admin.id(), "superadmin", "api-key:" + key.json().path("id").asText());
        assertOne(from, "dlq.list", operator.id(), "operator", "agent:front-desk");
        assertOne(from, "dlq.replay", operator.id(), "operator", "agent:front-desk");
        assertOne(from, "dlq.discard", operator.id(), "operator", "agent:front-desk");
        assertOne(from, "console.login", operator.id(), "operator", "console");
        // one access record per request, with its status
        assertAccess(from, admin.id(), "POST /api/v1/admin/users", 201);
        assertAccess(from, admin.id(), "POST /api/v1/admin/api-keys", 201);
        assertAccess(from, operator.id(), "DELETE /api/v1/admin/dlq/front-desk/none", 404);
        assertAccess(from, operator.id(), "GET /actuator/hawtio/", 200);
        // and no raw personal data: no username, password, name or address
        String records = jdbc.queryForList("SELECT details::text || coalesce(target, '') FROM audit_log WHERE seq > ?",
                String.class, from).toString();
        assertThat(records).doesNotContain("audited-" + from).doesNotContain("a-long-enough-password")
                .doesNotContain(operator.username()).doesNotContain("127.0.0.1").contains("\"client\": \"hmac:");
    }

    @Test
    void should_record_refused_admin_and_console_requests() {
        // given
        TestUser user = user("user");
        TestUser operator = user("operator");
        long from = head();

        // when
        Http.Answer admin = http.get("/api/v1/admin/dlq", Http.bearer(user.accessToken()));
        Http.Answer jolokia = http.postJson("/actuator/jolokia", "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:"
                + "context=misybot-hub,type=context,name=\\\"misybot-hub\\\"\",\"operation\":\"sendBody\","
                + "\"arguments\":[\"log:x\",\"x\"]}", Http.bearer(operator.accessToken()));

        // then
        assertProblem(admin, 403, "forbidden");
        assertProblem(jolokia, 403, "forbidden");
        assertAccess(from, user.id(), "GET /api/v1/admin/dlq", 403);
        assertAccess(from, operator.id(), "POST /actuator/jolokia", 403);
    }

    @Test
    void should_serve_the_audit_log_to_auditors_and_superadmins_only() {
        // given
        TestUser admin = user("superadmin");
        long from = head();
        http.postJson("/api/v1/admin/users", "{\"username\":\"paged-" + from + "\",\"password\":\"a-long-enough-password\","
                + "\"roles\":[\"user\"]}", Http.bearer(admin.accessToken()));
        String auditor = user("auditor").accessToken();

        // when
        Http.Answer page = http.get("/api/v1/admin/audit?action=user.create&actor=" + admin.id() + "&after=" + from,
                Http.bearer(auditor));
        Http.Answer first = http.get("/api/v1/admin/audit?limit=1&after=" + from, Http.bearer(auditor));

        // then
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().path("count").asInt()).isEqualTo(1);
        JsonNode record = page.json().path("records").get(0);
        assertThat(record.path("action").asText()).isEqualTo("user.create");
        assertThat(record.path("details").path("roles").get(0).asText()).isEqualTo("user");
        assertThat(record.path("mac").asText()).hasSize(64);
        assertThat(first.json().path("next").asLong()).isEqualTo(first.json().path("records").get(0).path("seq").asLong());
        assertThat(http.get("/api/v1/admin/audit", Http.bearer(admin.accessToken())).status()).isEqualTo(200);
        for (String role : new String[] {"operator", "user"}) {
            assertProblem(http.get("/api/v1/admin/audit", Http.bearer(user(role).accessToken())), 403, "forbidden");
            assertProblem(http.get("/api/v1/admin/audit/verify", Http.bearer(user(role).accessToken())), 403,
                    "forbidden");
        }
        assertProblem(http.get("/api/v1/admin/audit?limit=5000", Http.bearer(auditor)), 400, "bad-request");
        assertProblem(http.get("/api/v1/admin/audit?from=yesterday", Http.bearer(auditor)), 400, "bad-request");
    }

    @Test
    void should_verify_the_chain_and_name_a_record_edited_behind_its_back() {
        // given: an intact chain (at least this request's access record) with a signed checkpoint
        String auditor = user("auditor").accessToken();
        long before = head();
        http.get("/api/v1/admin/audit?limit=1", Http.bearer(auditor));
        await().atMost(Duration.ofSeconds(5)).until(() -> head() > before);
        checkpointer.checkpointNow();
        JsonNode intact = http.get("/api/v1/admin/audit/verify", Http.bearer(auditor)).json();
        assertThat(intact.path("ok").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.path("checkpoints").asInt()).isPositive();
        long seq = head();
        String original = jdbc.queryForObject("SELECT details::text FROM audit_log WHERE seq = ?", String.class, seq);

        // when: one record's details edited by someone who can switch the trigger off
        tamper("UPDATE audit_log SET details = '{\"forged\": true}'::jsonb WHERE seq = ?", seq);
        try {
            JsonNode broken = http.get("/api/v1/admin/audit/verify", Http.bearer(auditor)).json();

            // then
            assertThat(broken.path("ok").asBoolean()).isFalse();
            assertThat(broken.path("firstBrokenSeq").asLong()).as(broken.toString()).isEqualTo(seq);
            assertThat(broken.path("reason").asText()).contains("altered");
        } finally {
            tamper("UPDATE audit_log SET details = ?::jsonb WHERE seq = ?", original, seq);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/api/v1/admin/audit/verify", Http.bearer(auditor))
                .json().path("ok").asBoolean());
    }

    private void tamper(String sql, Object... args) {
        jdbc.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete");
        try {
            jdbc.update(sql, args);
        } finally {
            jdbc.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete");
        }
    }

    private long head() {
        Long seq = jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM audit_log", Long.class);
        return seq == null ? 0 : seq;
    }

    /** Exactly one record; access-log records are written as the answer completes, so they may land just after it. */
    private void assertOne(long from, String action, String actor, String role, String target) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<Map<String, Object>> records = jdbc.queryForList("SELECT actor, role, target FROM audit_log "
                    + "WHERE seq > ? AND action = ? AND actor = ?", from, action, actor);
            assertThat(records).as(action).hasSize(1);
            assertThat(records.get(0)).containsEntry("role", role).containsEntry("target", target);
        });
    }

    private void assertAccess(long from, String actor, String target, int status) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<Integer> statuses = jdbc.queryForList("SELECT (details->>'status')::int FROM audit_log WHERE seq > ? "
                    + "AND action = 'http.access' AND actor = ? AND target = ?", Integer.class, from, actor, target);
            assertThat(statuses).as(target).containsExactly(status);
        });
    }
}
