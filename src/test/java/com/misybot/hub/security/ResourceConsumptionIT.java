package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * OWASP API4:2023 Unrestricted Resource Consumption. Every operation with a request body refuses one over the
 * limit with 413 before reading it; the bounded parameters ({@code topK}, {@code wait}, {@code limit}, the calendar
 * window) refuse values past their bounds with 400; the rate limits that exist answer 429 with Retry-After. Which
 * operation families have no per-caller rate limit is stated in {@link #RATE_LIMITS} as a known gap: a new
 * operation of the document fails the last test until someone says which it is.
 */
class ResourceConsumptionIT extends SecurityIntegrationTest {

    /** hub.ingress.max-body-bytes of the test profile (default 256 KiB); the knowledge upload allows 4 MiB. */
    private static final int MAX_BODY = 256 * 1024;
    private static final int MAX_KNOWLEDGE_BODY = 4 * 1024 * 1024;

    /**
     * Per operation: the per-caller rate limit that protects it, or "GAP: …" when there is none. The LLM budget
     * (Bucket4j, 30 per user per minute, LlmPortIT) protects the agents a posted message reaches; the login throttle
     * protects the password grant (AuthIT, AuthenticationIT).
     */
    static final Map<String, String> RATE_LIMITS = new TreeMap<>(Map.ofEntries(
            Map.entry("auth-token", "login throttle per username and per client IP (429, Retry-After)"),
            Map.entry("session-message-post", "LLM budget per user (429 to ?wait callers); GAP: storing turns and "
                    + "routing them (an embedding per message) has no per-user limit"),
            Map.entry("viralization-start", "LLM budget per user inside the saga; GAP: starting runs has no limit"),
            Map.entry("search-post", "GAP: each search embeds the query on the hub's CPU, no per-user limit (cached answers only)"),
            Map.entry("pii-analyze", "per-caller budget, hub.privacy.pii.analyze-per-user-per-minute (429, Retry-After); "
                    + "text ≤ 20,000 characters"),
            Map.entry("consent-post", "GAP: each call is a row and an audit record, no limit"),
            Map.entry("consent-list", "GAP: reads, history ≤ 200 rows"),
            Map.entry("admin-session-reidentify", "GAP: operators only, each call is an audit record, no limit"),
            Map.entry("admin-retention-report", "GAP: operators only, a few counting queries, no limit"),
            Map.entry("admin-retention-run", "one run at a time across replicas (ShedLock; 409 meanwhile)"),
            Map.entry("admin-session-legal-hold", "GAP: operators only, each call is an audit record, no limit"),
            Map.entry("me-erase", "once per subject: a running erasure is resumed, not started again"),
            Map.entry("admin-subject-erase", "superadmin only; once per subject (a running erasure is resumed)"),
            Map.entry("admin-erasure-get", "GAP: superadmin reads, no limit"),
            Map.entry("admin-subject-consents", "GAP: operators' reads, history ≤ 200 rows"),
            Map.entry("me-export", "GAP: each call reads all of the caller's data, no limit"),
            Map.entry("knowledge-documents-post", "GAP: operator only, up to 1,000 documents embedded per call, no limit"),
            Map.entry("knowledge-document-delete", "GAP: operator only, no limit"),
            Map.entry("session-get", "GAP: reads, no limit"), Map.entry("session-events", "GAP: each stream holds a "
                    + "connection and polls PostgreSQL, no per-user cap on concurrent streams"),
            Map.entry("context-get", "GAP: reads (cached), no limit"), Map.entry("context-put", "GAP: no limit"),
            Map.entry("context-snapshot-post", "GAP: every call stores a full copy of the session, no limit"),
            Map.entry("snapshot-get", "GAP: reads, no limit"), Map.entry("calendar-list", "GAP: reads, window ≤ 366 d"),
            Map.entry("saga-list", "GAP: operator reads, ≤ 500 rows"), Map.entry("saga-get", "GAP: reads, no limit"),
            Map.entry("saga-approve", "GAP: operator, no limit"), Map.entry("saga-reject", "GAP: operator, no limit"),
            Map.entry("saga-cancel", "GAP: operator, no limit"),
            Map.entry("saga-retry-compensation", "GAP: operator, no limit"),
            Map.entry("admin-user-create", "GAP: superadmin, no limit"),
            Map.entry("admin-api-key-create", "GAP: superadmin, no limit"),
            Map.entry("admin-dlq-counts", "GAP: operator, no limit"),
            Map.entry("admin-dlq-list", "GAP: operator, limit ≤ 1000 and scan-limit 10,000 per call"),
            Map.entry("admin-dlq-replay", "GAP: operator, no limit"), Map.entry("admin-dlq-discard", "GAP: operator, no limit"),
            Map.entry("admin-agents-list", "GAP: operator/auditor, no limit (one passive declare and one "
                    + "management call per agent)"),
            Map.entry("admin-agent-get", "GAP: operator/auditor, no limit"),
            Map.entry("admin-agent-pause", "GAP: operator, no limit (idempotent)"),
            Map.entry("admin-agent-resume", "GAP: operator, no limit (idempotent)"),
            Map.entry("admin-agent-restart", "GAP: operator, no limit (each restart drains the agent's consumer)"),
            Map.entry("admin-agent-terminate", "GAP: operator, no limit (idempotent)"),
            Map.entry("admin-metrics", "GAP: operator/auditor, no limit (window ≤ 7 days; indexed by type and time)"),
            Map.entry("admin-context-inspect", "GAP: operator/auditor, no limit (turns ≤ 200, runs ≤ 50 per call)"),
            Map.entry("admin-logs", "GAP: operator/auditor, no limit (an in-memory buffer, limit ≤ 1000)"),
            Map.entry("admin-logs-stream", "GAP: operator/auditor, each stream holds a bounded queue (2000 events, "
                    + "dropped when full) and times out after hub.ops.stream.timeout"),
            Map.entry("admin-stream", "GAP: operator/auditor, figures computed once for every console; each stream "
                    + "holds a bounded queue and times out after hub.ops.stream.timeout"),
            Map.entry("admin-alerts", "GAP: operator/auditor, no limit (firing alerts and the 50 latest resolved)"),
            Map.entry("admin-keys", "GAP: superadmin, no limit"), Map.entry("admin-keys-rotate", "GAP: superadmin, no limit"),
            Map.entry("admin-audit", "GAP: auditor, limit ≤ 1000 per page"),
            Map.entry("admin-audit-verify", "GAP: auditor, verifies the whole chain per call, no limit"),
            Map.entry("admin-routes-submit", "GAP: operator, one sandbox dry run per call, body ≤ 256 KiB, no limit"),
            Map.entry("admin-routes-list", "GAP: operator/auditor reads, no limit"),
            Map.entry("admin-route-versions", "GAP: operator/auditor reads, no limit"),
            Map.entry("admin-route-diff", "GAP: operator/auditor reads, one diff of two stored texts, no limit"),
            Map.entry("admin-route-activate", "GAP: operator, one swap at a time per replica, no limit"),
            Map.entry("admin-route-rollback", "GAP: operator, one swap at a time per replica, no limit"),
            Map.entry("admin-route-retire", "GAP: operator, no limit"),
            Map.entry("contents-create", "GAP: any user, one row and one embedding (in the background) per call, "
                    + "text ≤ 20,000 characters, no per-user limit"),
            Map.entry("content-update", "GAP: any user on their pieces, one version and one embedding per call, no limit"),
            Map.entry("content-restore", "GAP: any user on their pieces, one version and one embedding per call, no limit"),
            Map.entry("contents-search", "GAP: each search embeds the query on the hub's CPU, no per-user limit (cached "
                    + "answers only)"),
            Map.entry("content-get", "GAP: reads of one's own pieces, no limit"),
            Map.entry("content-versions", "GAP: reads of one's own pieces (every version's text), no limit"),
            Map.entry("content-diff", "GAP: one diff of two stored texts, no limit"),
            Map.entry("trends-list", "GAP: any user, reads of the active trends (at most 100), no limit"),
            Map.entry("trends-upload", "operator, body ≤ 4 MiB (hub.trends.upload-max-body-bytes; 413 above) and at "
                    + "most 20,000 rows per upload; embedding happens off the request path, one replica at a time"),
            Map.entry("trends-sources", "GAP: operator/auditor reads of the configured sources, no limit"),
            Map.entry("analytics-kpis", "GAP: operator/auditor reads of the hourly rollups, at most 400 days (9,600 "
                    + "hours) per request, no limit"),
            Map.entry("analytics-reports", "GAP: operator/auditor reads of at most 366 stored reports, no limit"),
            Map.entry("campaigns-create", "GAP: any user, one row per call, at most 50 sessions x 8 platforms runs per "
                    + "round, rounds no closer than hub.campaigns.min-cadence and at most hub.campaigns.max-rounds, "
                    + "no per-user limit on campaigns"),
            Map.entry("campaigns-list", "GAP: reads of at most 200 campaigns, no limit"),
            Map.entry("campaign-get", "GAP: reads of one campaign with at most 200 launches, boosts and decisions, "
                    + "no limit"),
            Map.entry("campaign-stop", "GAP: the creator or an operator, one update, no limit"),
            Map.entry("admin-policies-list", "GAP: operator/auditor reads, no limit"),
            Map.entry("admin-policy-versions", "GAP: operator/auditor reads, no limit"),
            Map.entry("admin-policy-version", "GAP: operator/auditor reads, no limit"),
            Map.entry("admin-policy-diff", "GAP: operator/auditor reads, one diff of two stored texts, no limit"),
            Map.entry("admin-policy-submit", "GAP: operator, embeds the policy's examples and trains its classifiers "
                    + "(about a second of CPU) per call, body ≤ 256 KiB, no limit"),
            Map.entry("admin-policy-activate", "GAP: operator, builds the gate (about a second of CPU), one change at "
                    + "a time across replicas (advisory lock), no limit"),
            Map.entry("admin-policy-retire", "GAP: operator, builds the gate (about a second of CPU), no limit"),
            Map.entry("admin-policy-check", "GAP: operator, one gate evaluation (embeds each sentence); trying a "
                    + "version builds its gate once (the last 4 are kept), no limit"),
            Map.entry("hub-info", "GAP: reads, no limit"), Map.entry("rest-openapi", "GAP: anonymous read, no limit"),
            Map.entry("auth-jwks", "GAP: anonymous read, no limit"),
            Map.entry("pipeline-templates", "GAP: operator/auditor reads (active units parsed), no limit"),
            Map.entry("pipeline-template", "GAP: operator/auditor reads, no limit"),
            Map.entry("pipeline-instance-create", "GAP: operator, one validation and activation per call, no limit"),
            Map.entry("pipeline-instances", "GAP: operator/auditor reads, no limit"),
            Map.entry("pipeline-instance", "GAP: operator/auditor reads, no limit"),
            Map.entry("pipeline-instance-delete", "GAP: operator, no limit"),
            Map.entry("experiment-create", "GAP: operator, one running experiment per pipeline, no limit"),
            Map.entry("experiment-get", "GAP: operator/auditor reads (a few aggregate queries), no limit"),
            Map.entry("experiment-stop", "GAP: operator, no limit"),
            Map.entry("experiment-rollback", "GAP: operator, no limit"),
            Map.entry("publication-metrics-post", "GAP: no token (webhook signature, one HMAC per configured "
                    + "platform before any lookup), no per-platform limit")));

    @Test
    void should_refuse_a_body_over_the_limit_with_413_on_every_operation_that_takes_one() {
        // given
        OpenApiContract contract = contract();
        TestUser admin = user("superadmin");
        OwnedObjects objects = objectsOf(admin, admin);
        Map<String, String> before = quietFingerprint();

        // when / then
        for (OpenApiContract.Operation op : contract.withBody()) {
            int limit = op.id().equals("knowledge-documents-post") ? MAX_KNOWLEDGE_BODY : MAX_BODY;
            String huge = "{\"text\":\"" + "a".repeat(limit + 1) + "\"}";
            Http.Answer answer = call(op, objects.pathValues(), huge, Http.bearer(admin.accessToken()));
            assertProblem(answer, 413, "payload-too-large");
        }
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void should_refuse_sizes_and_waits_beyond_their_bounds_with_400() {
        // given
        TestUser admin = user("superadmin");
        OwnedObjects objects = objectsOf(admin, admin);
        String session = objects.pathValues().get("sessionId");
        String[] auth = Http.bearer(admin.accessToken());
        Map<String, String> before = quietFingerprint();

        // when / then: each bound, just past it and far past it
        List<Http.Answer> refused = new ArrayList<>();
        for (String topK : List.of("0", "101", "1000000", "-1")) {
            refused.add(http.postJson("/api/v1/search", "{\"query\":\"x\",\"topK\":" + topK + "}", auth));
        }
        for (String wait : List.of("31", "-1", "3600", "99999999999999999999", "1.5", "x")) {
            refused.add(http.postJson("/api/v1/sessions/" + session + "/messages?wait=" + wait, "{\"text\":\"hi\"}", auth));
        }
        for (String limit : List.of("0", "1001", "1000000", "-5")) {
            refused.add(http.get("/api/v1/admin/dlq/front-desk?limit=" + limit, auth));
            refused.add(http.get("/api/v1/admin/audit?limit=" + limit, auth));
        }
        refused.add(http.get("/api/v1/calendar?from=2020-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", auth));
        for (Http.Answer answer : refused) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertCleanProblem(answer, answer.body());
        }
        assertThat(fingerprint()).isEqualTo(before);
    }

    @Test
    void should_name_a_rate_limit_or_a_known_gap_for_every_operation_of_the_document() {
        // given
        OpenApiContract contract = contract();

        // when
        List<String> unstated = contract.operations().stream().map(OpenApiContract.Operation::id)
                .filter(id -> !RATE_LIMITS.containsKey(id)).toList();

        // then
        assertThat(unstated).as("operations with no stated rate limit or gap (add them to RATE_LIMITS)").isEmpty();
        long gaps = RATE_LIMITS.values().stream().filter(v -> v.contains("GAP")).count();
        System.out.println("API4: " + contract.operations().size() + " operations, " + gaps
                + " without a per-caller rate limit of their own (known gaps, see RATE_LIMITS)");
    }
}
