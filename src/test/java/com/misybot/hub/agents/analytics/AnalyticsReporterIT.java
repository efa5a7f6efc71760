package com.misybot.hub.agents.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.bus.EnvelopeCodec;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Analytics-reporter on the real bus and database: a seeded stream of analytics events, each delivered twice, is
 * counted into rollups equal to sums computed by hand; a user without analytics consent is not counted; platforms'
 * cumulative counters count only their increase; the KPIs API groups them and refuses bad parameters; an event that
 * cannot be counted is dead-lettered and changes nothing; real agent work is counted; a user asking front-desk about
 * their posts is answered by the agent; yesterday's daily report is written once and listed.
 */
class AnalyticsReporterIT extends HubIntegrationTest {

    private static final String KPIS = "/api/v1/analytics/kpis";
    /** A past day no other test writes events for. */
    private static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    @Autowired
    private ProducerTemplate producer;
    @Autowired
    private EnvelopeCodec envelopes;
    @Autowired
    private AnalyticsRollups rollups;

    private TestUser operator;
    private TestUser consenting;
    private TestUser declining;

    @BeforeEach
    void users() {
        jdbc.update("DELETE FROM analytics_rollup WHERE hour >= ? AND hour < ?", ts(DAY, 0), ts(DAY.plusDays(1), 0));
        operator = user("operator");
        consenting = user("user");
        declining = user("user");
        Http.Answer granted = http.postJson("/api/v1/me/consents",
                "{\"purpose\":\"analytics\",\"granted\":true,\"policyVersion\":\"2026-11\"}",
                Http.bearer(consenting.accessToken()));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        // declining recorded nothing: analytics is off by default (hub.privacy.consent.defaults)
    }

    @Test
    void should_count_rollups_equal_to_hand_computed_sums_when_every_event_is_delivered_twice() {
        // given: the events of one day, at 09:xx and 10:xx UTC
        String a = consenting.id();
        String b = declining.id();
        String p1 = UUID.randomUUID().toString();
        String p2 = UUID.randomUUID().toString();
        String p3 = UUID.randomUUID().toString();
        List<Envelope> stream = new ArrayList<>(List.of(
                task(9, a, "front-desk", "ok"), task(9, a, "front-desk", "ok"), task(10, a, "front-desk", "failed"),
                task(9, a, "faq-responder", "ok"), task(9, b, "faq-responder", "ok"),
                task(10, null, "video-scriptor", "failed"),
                llm(9, a, "creative-synthesizer", 0.0012), llm(10, a, "creative-synthesizer", 0.0030),
                llm(9, a, "faq-responder", 0.0005), llm(9, b, "faq-responder", 0.5),
                run(9, a, "COMPLETED"), run(10, a, "COMPENSATED"), run(10, b, "COMPLETED"),
                metrics(9, a, p1, "tiktok", 1000, 50, 10, 20), metrics(10, a, p1, "tiktok", 1500, 80, 16, 30),
                // an older snapshot of p1 arriving late: it counts nothing
                metrics(10, a, p1, "tiktok", 1200, 60, 12, 25),
                metrics(10, a, p2, "instagram", 400, 40, 4, 8),
                metrics(10, b, p3, "tiktok", 99_000, 9_000, 900, 990)));

        // when: every event is published twice, in order, to the real bus. The bus keeps no order past the broker
        // (concurrent consumers), and a late, older snapshot adds nothing to the hour it was taken in, so each event
        // is counted before the next one is sent (two CI runs saw p1's 10:00 snapshot counted before its 09:00 one)
        for (Envelope event : stream) {
            producer.sendBody("direct:agent-bus-publish", envelopes.toJson(event));
            producer.sendBody("direct:agent-bus-publish", envelopes.toJson(event));
            UUID sent = UUID.fromString(event.messageId());
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM analytics_event WHERE "
                    + "event_id = ?", sent) == 1);
        }
        List<UUID> ids = stream.stream().map(e -> UUID.fromString(e.messageId())).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM analytics_event WHERE "
                + "event_id = ANY (?)", (Object) ids.toArray(UUID[]::new)) == ids.size());

        // then: per agent, the sums by hand (b's events and the late snapshot not counted)
        JsonNode byAgent = kpis("agent");
        assertThat(byAgent.path("hours").asInt()).isEqualTo(24);
        JsonNode frontDesk = row(byAgent, "front-desk");
        assertThat(frontDesk.path("tasks").asLong()).isEqualTo(3);
        assertThat(frontDesk.path("tasksSucceeded").asLong()).isEqualTo(2);
        assertThat(frontDesk.path("taskSuccessRate").asDouble()).isEqualTo(2.0 / 3);
        JsonNode faq = row(byAgent, "faq-responder");
        assertThat(faq.path("tasks").asLong()).isEqualTo(1);
        assertThat(faq.path("llmCalls").asLong()).isEqualTo(1);
        assertThat(faq.path("llmCostUsd").decimalValue()).isEqualByComparingTo("0.0005");
        assertThat(faq.path("llmCostPerTaskUsd").decimalValue()).isEqualByComparingTo("0.0005");
        JsonNode creative = row(byAgent, "creative-synthesizer");
        assertThat(creative.path("tasks").asLong()).isZero();
        assertThat(creative.path("llmCalls").asLong()).isEqualTo(2);
        assertThat(creative.path("llmCostUsd").decimalValue()).isEqualByComparingTo("0.0042");
        // a rate with nothing to divide by is null, and the API leaves nulls out
        assertThat(creative.has("llmCostPerTaskUsd")).as(creative.toString()).isFalse();
        JsonNode video = row(byAgent, "video-scriptor");
        assertThat(video.path("tasks").asLong()).isEqualTo(1);
        assertThat(video.path("taskSuccessRate").asDouble()).isZero();
        assertThat(byAgent.path("rows")).hasSize(4);

        // then: per platform, only increases of the cumulative counters
        JsonNode byPlatform = kpis("platform");
        JsonNode tiktok = row(byPlatform, "tiktok");
        assertThat(List.of(tiktok.path("views").asLong(), tiktok.path("likes").asLong(),
                tiktok.path("shares").asLong(), tiktok.path("clicks").asLong())).containsExactly(1500L, 80L, 16L, 30L);
        assertThat(tiktok.path("ctr").asDouble()).isEqualTo(30.0 / 1500);
        assertThat(tiktok.path("engagementRate").asDouble()).isEqualTo((80.0 + 16) / 1500);
        assertThat(tiktok.path("sharesPerHour").asDouble()).isEqualTo(16.0 / 24);
        JsonNode instagram = row(byPlatform, "instagram");
        assertThat(instagram.path("views").asLong()).isEqualTo(400);
        assertThat(instagram.path("engagementRate").asDouble()).isEqualTo(44.0 / 400);

        // then: per hour, the second snapshot of p1 adds its increase to 10:00
        JsonNode byHour = kpis("hour");
        assertThat(row(byHour, DAY + "T09:00:00Z").path("views").asLong()).isEqualTo(1000);
        assertThat(row(byHour, DAY + "T10:00:00Z").path("views").asLong()).isEqualTo(500 + 400);

        // then: per pipeline, its runs and the engagement of what it published; and the day's totals
        JsonNode viralization = row(kpis("pipeline"), "viralization");
        assertThat(viralization.path("runs").asLong()).isEqualTo(2);
        assertThat(viralization.path("runSuccessRate").asDouble()).isEqualTo(0.5);
        assertThat(viralization.path("views").asLong()).isEqualTo(1900);
        JsonNode totals = kpis("none").path("totals");
        assertThat(totals.path("tasks").asLong()).isEqualTo(5);
        assertThat(totals.path("tasksSucceeded").asLong()).isEqualTo(3);
        assertThat(totals.path("llmCalls").asLong()).isEqualTo(3);
        assertThat(totals.path("llmCostUsd").decimalValue()).isEqualByComparingTo("0.0047");
        assertThat(totals.path("llmCostPerTaskUsd").decimalValue()).isEqualByComparingTo("0.00094");
        assertThat(totals.path("views").asLong()).isEqualTo(1900);
        assertThat(totals.path("runs").asLong()).isEqualTo(2);

        // then: the ledger kept b's events as not counted, and a third delivery changes nothing
        assertThat(count("SELECT count(*) FROM analytics_event WHERE event_id = ANY (?) AND NOT counted",
                (Object) ids.toArray(UUID[]::new))).isEqualTo(4);
        assertThat(rollups.count(stream.get(0))).isEqualTo(AnalyticsRollups.Outcome.DUPLICATE);
        assertThat(row(kpis("agent"), "front-desk").path("tasks").asLong()).isEqualTo(3);

        // when: b grants analytics, and b's publication reports 500 more views than it had without consent
        Http.Answer granted = http.postJson("/api/v1/me/consents",
                "{\"purpose\":\"analytics\",\"granted\":true,\"policyVersion\":\"2026-11\"}",
                Http.bearer(declining.accessToken()));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        Envelope later = metrics(11, b, p3, "tiktok", 99_500, 9_000, 900, 990);
        producer.sendBody("direct:agent-bus-publish", envelopes.toJson(later));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM analytics_event WHERE "
                + "event_id = ?", UUID.fromString(later.messageId())) == 1);

        // then: only the increase since consent counts, not what the post reached before
        assertThat(row(kpis("platform"), "tiktok").path("views").asLong()).isEqualTo(1500 + 500);
    }

    @Test
    void should_dead_letter_an_event_it_cannot_count_and_change_nothing() {
        // given: the day's rollups and the dead letters before
        JsonNode before = kpis("none").path("totals");
        long deadBefore = deadLetters();
        Envelope bad = llm(9, consenting.id(), "faq-responder", -1);

        // when
        producer.sendBody("direct:agent-bus-publish", envelopes.toJson(bad));

        // then: in the agent's dead-letter queue, nothing counted, no ledger row
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters() == deadBefore + 1);
        assertThat(kpis("none").path("totals")).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM analytics_event WHERE event_id = ?", UUID.fromString(bad.messageId())))
                .isZero();
    }

    @Test
    void should_refuse_bad_parameters_and_callers_who_are_not_operators() {
        Map<String, String> bad = Map.of("groupBy=nope", "groupBy must be one of",
                "from=2026-01-06&to=2026-01-05", "from must be before to",
                "from=yesterday", "from must be a date",
                "from=2024-01-01&to=2026-01-01", "at most 400 days");
        bad.forEach((query, detail) -> {
            Http.Answer answer = http.get(KPIS + "?" + query, Http.bearer(operator.accessToken()));
            assertProblem(answer, 400, "bad-request");
            assertThat(answer.json().path("detail").asText()).contains(detail);
        });
        assertThat(http.get(KPIS, Http.bearer(consenting.accessToken())).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/analytics/reports", Http.bearer(consenting.accessToken())).status())
                .isEqualTo(403);
        assertThat(http.get(KPIS, Http.bearer(user("auditor").accessToken())).status()).isEqualTo(200);
    }

    @Test
    void should_count_real_agent_work_and_answer_a_user_about_their_own_posts() {
        // given: the current hour's front-desk and analytics-reporter tasks
        String session = newSessionId();
        long before = tasks("analytics-reporter");

        // when: a user asks front-desk how their posts did
        Http.Answer reply = postAndAwaitReply(consenting, session, "How did my last post perform?");

        // then: analytics-reporter answers from the user's own publications (none yet)
        JsonNode answer = reply.json().path("reply");
        assertThat(answer.path("agent").asText()).as(reply.body()).isEqualTo("analytics-reporter");
        assertThat(answer.path("text").asText()).startsWith("You have no published posts in the last 30 days");
        // and its task is counted: the reply's outbox event reached the rollups
        await().atMost(Duration.ofSeconds(30)).until(() -> tasks("analytics-reporter") >= before + 1);
    }

    @Test
    void should_write_yesterdays_report_once_and_list_it_for_operators() {
        // given: report-hour 0 in the tests, so yesterday's report is due as soon as the hub runs
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        // then: written by the scheduled route, once, and listed with what it holds
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM analytics_report WHERE day = "
                + "CAST(? AS date)", yesterday) == 1);
        Http.Answer listed = http.get("/api/v1/analytics/reports?limit=5", Http.bearer(operator.accessToken()));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode first = listed.json().path("reports").get(0);
        assertThat(first.path("day").asText()).isEqualTo(yesterday);
        assertThat(first.at("/report/totals/key").asText()).isEqualTo("all");
        assertThat(first.at("/report/byAgent").isArray()).isTrue();
        // no alert channel is configured in the tests: stored and listed, sent nowhere
        assertThat(first.path("sentTo").size()).isZero();
        assertProblem(http.get("/api/v1/analytics/reports?limit=0", Http.bearer(operator.accessToken())), 400,
                "bad-request");
    }

    private long tasks(String agent) {
        String hour = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString();
        Http.Answer answer = http.get(KPIS + "?from=" + hour + "&groupBy=agent", Http.bearer(operator.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (JsonNode row : answer.json().path("rows")) {
            if (row.path("key").asText().equals(agent)) {
                return row.path("tasks").asLong();
            }
        }
        return 0;
    }

    private long deadLetters() {
        Http.Answer answer = http.get("/api/v1/admin/agents/analytics-reporter", Http.bearer(operator.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("deadLetters").asLong();
    }

    private JsonNode kpis(String groupBy) {
        Http.Answer answer = http.get(KPIS + "?from=" + DAY + "&to=" + DAY.plusDays(1) + "&groupBy=" + groupBy,
                Http.bearer(operator.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode row(JsonNode kpis, String key) {
        for (JsonNode row : kpis.path("rows")) {
            if (row.path("key").asText().equals(key)) {
                return row;
            }
        }
        throw new AssertionError("no row " + key + " in " + kpis);
    }

    private static Envelope task(int hour, String owner, String agent, String outcome) {
        Map<String, Object> p = payload(hour, owner);
        p.put("agent", agent);
        p.put("outcome", outcome);
        return event(AnalyticsFeed.AGENT_TASK, p);
    }

    private static Envelope llm(int hour, String owner, String agent, double cost) {
        Map<String, Object> p = payload(hour, owner);
        p.put("agent", agent);
        p.put("costUsd", cost);
        p.put("outcome", "ok");
        return event(AnalyticsFeed.LLM_CALL, p);
    }

    private static Envelope run(int hour, String owner, String status) {
        Map<String, Object> p = payload(hour, owner);
        p.put("pipeline", "viralization");
        p.put("status", status);
        p.put("outcome", "COMPLETED".equals(status) ? "ok" : "failed");
        return event(AnalyticsFeed.PIPELINE_OUTCOME, p);
    }

    private static Envelope metrics(int hour, String owner, String publication, String platform, long views,
                                    long likes, long shares, long clicks) {
        Map<String, Object> p = payload(hour, owner);
        p.put("publicationId", publication);
        p.put("platform", platform);
        p.put("pipeline", "viralization");
        p.put("views", views);
        p.put("likes", likes);
        p.put("shares", shares);
        p.put("clicks", clicks);
        return event(AnalyticsFeed.PUBLICATION_METRICS, p);
    }

    private static Map<String, Object> payload(int hour, String owner) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("occurredAt", DAY.atTime(hour, 17).toInstant(ZoneOffset.UTC).toString());
        p.put("ownerId", owner);
        return p;
    }

    private static Envelope event(String type, Map<String, Object> payload) {
        return Envelope.create(type, AnalyticsFeed.AGENT, null, "it-analytics", null, Envelope.DEFAULT_PRIORITY,
                payload);
    }

    private static java.sql.Timestamp ts(LocalDate day, int hour) {
        return java.sql.Timestamp.from(day.atTime(hour, 0).toInstant(ZoneOffset.UTC));
    }
}
