package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GET /api/v1/admin/metrics: the figures move by what a known load did, and only operators and auditors read them. */
class AdminMetricsIT extends HubIntegrationTest {

    private static final String METRICS = "/api/v1/admin/metrics?window=7d";

    @Test
    void should_count_the_runs_replies_and_llm_calls_a_known_load_adds() {
        // given: the figures before
        String[] auditor = Http.bearer(user("auditor").accessToken());
        JsonNode before = metrics(auditor);

        // when: two viralization runs complete and one message is answered
        TestUser alice = user("user");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String session = newSessionId();
            postAndAwaitReply(alice, session, "We sell cold brew coffee");
            Http.Answer run = http.postJson("/api/v1/pipelines/viralization/runs", "{\"sessionId\":\"" + session
                    + "\",\"brief\":\"A 30 second reel about our cold brew\",\"platforms\":[\"tiktok\"]}",
                    Http.bearer(alice.accessToken()));
            assertThat(run.status()).as(run.body()).isEqualTo(202);
            runs.add(run.json().path("runId").asText());
        }
        // (this profile publishes nowhere: a run ends compensated or failed, which the figures count as well)
        await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM saga WHERE id IN (?::uuid, "
                + "?::uuid) AND finished_at IS NOT NULL", runs.get(0), runs.get(1)) == 2);
        JsonNode after = metrics(auditor);

        // then: the pipeline's started runs grew by two and its ended runs by two, as the saga log says
        assertThat(pipeline(after, "started") - pipeline(before, "started")).isEqualTo(2);
        long ended = ended(after) - ended(before);
        assertThat(ended).isEqualTo(2);
        JsonNode viralization = find(after.path("pipelines"), "pipeline", "viralization");
        assertThat(viralization.path("successRate").asDouble()).isEqualTo((double) Math.round(1000.0
                * viralization.path("completed").asLong() / ended(after)) / 1000.0);
        // every LLM call the load made is counted (background work of other tests may add more)
        int aliceCalls = count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' "
                + "AND session_id IN (SELECT session_id FROM context_bundle WHERE owner_id = ?)", alice.id());
        assertThat(aliceCalls).isPositive();
        assertThat(llmCalls(after) - llmCalls(before)).isGreaterThanOrEqualTo(aliceCalls);
        // the front desk answered on this replica within the last 15 minutes
        JsonNode frontDesk = find(after.path("agents"), "agent", "front-desk");
        assertThat(frontDesk.path("minutes").asInt()).isEqualTo(15);
        assertThat(frontDesk.path("completed").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(frontDesk.path("meanMs").asDouble()).isPositive();
    }

    @Test
    void should_refuse_users_and_windows_outside_one_minute_to_seven_days() {
        String[] operator = Http.bearer(user("operator").accessToken());
        assertThat(http.get("/api/v1/admin/metrics", operator).json().path("window").asText()).isEqualTo("PT1H");
        assertThat(http.get("/api/v1/admin/metrics?window=PT15M", operator).json().path("window").asText())
                .isEqualTo("PT15M");
        assertThat(http.get(METRICS, Http.bearer(user("user").accessToken())).status()).isEqualTo(403);
        for (String bad : new String[] {"30s", "8d", "PT0S", "soon", "-1h"}) {
            assertProblem(http.get("/api/v1/admin/metrics?window=" + bad, operator), 400, "bad-request");
        }
    }

    private JsonNode metrics(String[] auth) {
        Http.Answer answer = http.get(METRICS, auth);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static long pipeline(JsonNode metrics, String field) {
        JsonNode found = find(metrics.path("pipelines"), "pipeline", "viralization");
        return found == null ? 0 : found.path(field).asLong();
    }

    private static long ended(JsonNode metrics) {
        return pipeline(metrics, "completed") + pipeline(metrics, "compensated")
                + pipeline(metrics, "failedCompensation");
    }

    private static long llmCalls(JsonNode metrics) {
        long calls = 0;
        for (JsonNode row : metrics.path("llm")) {
            calls += row.path("calls").asLong();
        }
        return calls;
    }

    private static JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(key).asText())) {
                return item;
            }
        }
        return null;
    }
}
