package com.misybot.hub.pipelines.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.pipelines.experiments.WebhookSignature;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.PublishPlatformStub;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * campaign-orchestrator through HTTP on a hub of its own, whose runs publish to a platform served by the test: a
 * stand-in platform reports each publication's clicks at its variant's known true rate (2 % against 4 % CTR) through
 * the signed metrics webhook, and the campaign shifts its runs to the better variant; a session whose owner has not
 * granted marketing consent is skipped with the reason; the paid boost stays within the budget and is audited; a
 * round handled again after a crash launches no run twice; bad requests change nothing.
 */
@DirtiesContext
class CampaignsIT extends HubIntegrationTest {

    private static final PublishPlatformStub PLATFORM = PublishPlatformStub.start();
    /** The test profile's webhook secret of tiktok (application-test.yaml). */
    private static final String TIKTOK_SECRET = "test-only-tiktok-webhook-secret";
    private static final Map<String, Long> CLICKS_PER_1000_VIEWS = Map.of("weak", 20L, "strong", 40L);
    private static final List<ObjectName> STOPPED_IN_OTHER_HUBS = new ArrayList<>();

    @Autowired
    private CampaignRounds rounds;
    @Autowired
    private CamelContext camel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("hub.bus.transport", () -> "local");
        registry.add("hub.publish.platforms.tiktok.url", () -> PLATFORM.url("tiktok"));
        registry.add("hub.publish.platforms.youtube-shorts.url", () -> PLATFORM.url("youtube-shorts"));
        registry.add("hub.publish.platforms.instagram-reels.url", () -> PLATFORM.url("instagram-reels"));
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        PLATFORM.close();
        // the other hubs take their turn at the rounds again
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName route : STOPPED_IN_OTHER_HUBS) {
            if (mbeans.isRegistered(route)) {
                mbeans.invoke(route, "start", null, null);
            }
        }
        STOPPED_IN_OTHER_HUBS.clear();
    }

    /**
     * Only this test's hub runs campaign rounds. The suite's other hubs (Spring's test context cache keeps them alive)
     * share the database: whichever wins the ShedLock of campaign-rounds, or relays the outbox row of a round, would
     * run this test's campaigns with its own configuration and transport, publishing to platforms other than the
     * stand-in (a CI run saw another hub take 99 of 140 rounds, so the campaign could not learn in time). Their
     * campaign-rounds and bus-outbox-relay routes are stopped through JMX until this class ends.
     */
    @BeforeEach
    void onlyThisHubRunsRounds() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        for (String routeId : List.of("campaign-rounds", "bus-outbox-relay")) {
            for (ObjectName route : mbeans.queryNames(
                    new ObjectName("org.apache.camel:type=routes,name=\"" + routeId + "\",*"), null)) {
                if (!camel.getManagementName().equals(route.getKeyProperty("context"))
                        && "Started".equals(mbeans.getAttribute(route, "State"))) {
                    mbeans.invoke(route, "stop", null, null);
                    STOPPED_IN_OTHER_HUBS.add(route);
                }
            }
        }
    }

    /** No campaign of a test may launch runs into a later test's hub. */
    @AfterEach
    void stopCampaigns() {
        jdbc.update("UPDATE campaign SET status = 'stopped', stopped_by = 'test-cleanup' WHERE status IN "
                + "('scheduled', 'running')");
    }

    @Test
    void should_shift_runs_to_the_better_variant_skip_sessions_without_consent_and_keep_the_boost_in_budget() {
        // given: a user who granted marketing consent with two sessions, one who did not with one session
        TestUser consenting = user("user");
        TestUser silent = user("user");
        TestUser operator = user("operator");
        grantMarketing(consenting);
        String first = session(consenting);
        String second = session(consenting);
        String skipped = session(silent);

        // when: an operator runs a campaign over the three sessions, a round a second, with a boost budget of
        // 10.00 spent at most 1.50 a round and 4.00 a day on the platform
        Http.Answer created = http.postJson("/api/v1/campaigns", "{\"name\":\"cold brew launch\",\"sessions\":[\""
                + first + "\",\"" + second + "\",\"" + skipped + "\"],\"platforms\":[\"tiktok\"],\"goal\":\"ctr\","
                + "\"brief\":\"A 30 second reel about our cold brew coffee\",\"start\":\"" + Instant.now()
                + "\",\"end\":\"" + Instant.now().plus(Duration.ofHours(1)) + "\",\"cadence\":\"PT1S\","
                + "\"budget\":{\"totalCents\":1000,\"perRoundCents\":150,\"dailyCapCents\":{\"tiktok\":400}},"
                + "\"variants\":[{\"name\":\"weak\",\"parameters\":{\"hook\":\"a question\"}},"
                + "{\"name\":\"strong\",\"parameters\":{\"hook\":\"a bold claim\"}}]}",
                Http.bearer(operator.accessToken()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("campaignId").asText();

        // and: the stand-in platform reports every publication once it is live, at its variant's true rate
        Set<String> reported = new HashSet<>();
        await(Duration.ofSeconds(150), () -> {
            report(id, reported);
            return view(id, operator).path("variants").get(1).path("probabilityBest").asDouble() >= 0.99;
        });
        int learnedAt = view(id, operator).path("rounds").asInt();
        await(Duration.ofSeconds(90), () -> {
            report(id, reported);
            return count("SELECT count(*) FROM campaign_launch WHERE campaign_id = ?::uuid AND round > ?", id,
                    learnedAt) >= 10;
        });
        Http.Answer stopped = http.postJson("/api/v1/campaigns/" + id + "/stop", "", Http.bearer(operator.accessToken()));
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().path("status").asText()).isEqualTo("stopped");
        // a round being launched when the stop came ends first: its runs start, or fail as stopped
        await(Duration.ofSeconds(30), () -> count("SELECT count(*) FROM campaign_launch WHERE campaign_id = ?::uuid "
                + "AND status = 'planned'", id) == 0);

        // then: once the data showed the better variant, at least 80 % of the runs went to it
        int later = count("SELECT count(*) FROM campaign_launch WHERE campaign_id = ?::uuid AND round > ?", id,
                learnedAt);
        int laterStrong = count("SELECT count(*) FROM campaign_launch WHERE campaign_id = ?::uuid AND round > ? "
                + "AND variant = 'strong'", id, learnedAt);
        assertThat((double) laterStrong / later).as("%d of %d later runs to the better variant", laterStrong, later)
                .isGreaterThanOrEqualTo(0.8);
        JsonNode view = view(id, operator);
        assertThat(view.path("variants").get(1).path("observedRate").asDouble()).isEqualTo(0.04);
        assertThat(view.path("variants").get(0).path("observedRate").asDouble(0.02)).isEqualTo(0.02);

        // and: the session without consent was never launched, each round says why
        assertThat(count("SELECT count(*) FROM campaign_launch WHERE campaign_id = ?::uuid AND session_id = ?", id,
                skipped)).isZero();
        assertThat(count("SELECT count(*) FROM campaign_decision WHERE campaign_id = ?::uuid AND kind = 'skip' AND "
                + "session_id = ? AND reason LIKE '%marketing consent%'", id, skipped))
                .isEqualTo(view.path("rounds").asInt());
        // and: every launch runs with its variant's parameters, once
        assertThat(count("SELECT count(*) FROM campaign_launch l JOIN pipeline_run_parameters p ON p.run_id = "
                + "l.run_id AND p.variant = l.variant AND p.source = 'campaign' WHERE l.campaign_id = ?::uuid AND "
                + "l.status = 'launched'", id)).isEqualTo(count("SELECT count(*) FROM campaign_launch WHERE "
                + "campaign_id = ?::uuid AND status = 'launched'", id));
        assertThat(count("SELECT count(*) FROM campaign_launch l JOIN saga s ON s.id = l.run_id WHERE "
                + "l.campaign_id = ?::uuid", id)).isEqualTo(count("SELECT count(*) FROM campaign_launch WHERE "
                + "campaign_id = ?::uuid AND status = 'launched'", id));

        // and: the boost never went past the daily cap (the budget's 10.00 is more than a day's 4.00), each
        // allocation audited, and what each run got adds up to what its platform got
        long spent = view.path("budget").path("spentCents").asLong();
        List<Long> perDay = jdbc.queryForList("SELECT sum(amount_cents) FROM campaign_boost WHERE campaign_id = "
                + "?::uuid GROUP BY day", Long.class, id);
        assertThat(perDay).allSatisfy(day -> assertThat(day).isLessThanOrEqualTo(400));
        // the cap was reached (a run crossing midnight UTC starts a second day's cap)
        assertThat(perDay).contains(400L);
        assertThat(spent).isEqualTo(perDay.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(1000);
        assertThat(view.path("budget").path("leftCents").asLong()).isEqualTo(1000 - spent);
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'campaign.boost' AND target = ?",
                "campaign:" + id)).isEqualTo(count("SELECT count(*) FROM campaign_boost WHERE campaign_id = ?::uuid",
                id));
        assertThat(jdbc.queryForObject("SELECT coalesce(sum(boost_cents), 0) FROM campaign_launch WHERE "
                + "campaign_id = ?::uuid", Long.class, id)).isEqualTo(spent);
        assertThat(view.path("decisions").findValuesAsText("kind")).contains("round", "variant", "skip", "boost",
                "end");

        // and: the campaign's creator reads it, others do not; the creator asks front-desk about it
        Http.Answer stranger = http.get("/api/v1/campaigns/" + id, Http.bearer(consenting.accessToken()));
        assertProblem(stranger, 404, "not-found");
        Http.Answer answer = postAndAwaitReply(operator, newSessionId(), "/campaign how is it going?");
        assertThat(answer.json().path("reply").path("agent").asText()).isEqualTo(CampaignRounds.AGENT);
        assertThat(answer.json().path("reply").path("text").asText()).contains("cold brew launch").contains("strong");
    }

    @Test
    void should_launch_every_planned_run_exactly_once_when_a_round_is_handled_again_after_a_crash() {
        // given: a campaign of one round (cadence one hour) in two sessions, its two runs launched; any hub of the
        // test JVM may have handled the round (they share the database, like replicas)
        TestUser user = user("user");
        grantMarketing(user);
        String first = session(user);
        String second = session(user);
        String third = session(user);
        String id = create(user, "{\"name\":\"crash\",\"sessions\":[\"" + first + "\",\"" + second + "\"],"
                + "\"platforms\":[\"tiktok\"],\"goal\":\"engagement\",\"start\":\"" + Instant.now()
                + "\",\"end\":\"" + Instant.now().plus(Duration.ofHours(2)) + "\",\"cadence\":\"PT1H\"}");
        await(Duration.ofSeconds(60), () -> count("SELECT count(*) FROM campaign_launch WHERE campaign_id = "
                + "?::uuid AND status = 'launched'", id) == 2);

        // when: the state two crashes leave: the two runs started but were not marked (a crash between the launch
        // and its mark), and a third run planned and committed but never started (a crash right after planning)
        jdbc.update("UPDATE campaign_launch SET status = 'planned', launched_at = NULL WHERE campaign_id = ?::uuid",
                id);
        String plannedOnly = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO campaign_launch (campaign_id, round, session_id, platform, run_id, variant, status) "
                + "VALUES (?::uuid, 1, ?, 'tiktok', ?::uuid, 'question-hook', 'planned')", id, third, plannedOnly);
        // and: the round comes again (this call; a hub's timer may re-send it at the same moment, and the loser of
        // that race fails on the saga's key, to be retried by the bus: either way each run starts once)
        try {
            rounds.round(new Envelope(UUID.randomUUID().toString(), CampaignRounds.ROUND, 1, CampaignRounds.AGENT,
                    null, null, null, 5, Instant.now().toString(), Map.of("campaignId", id, "round", 1)));
        } catch (RuntimeException raced) {
            System.out.println("[campaigns] the re-sent round raced another handler: " + raced.getMessage());
        }

        // then: every run is launched, the planned one for the first time; no round is planned again, and each run
        // has one workflow and one saga
        await(Duration.ofSeconds(30), () -> count("SELECT count(*) FROM campaign_launch WHERE campaign_id = "
                + "?::uuid AND status = 'launched'", id) == 3);
        List<String> runIds = jdbc.queryForList("SELECT run_id::text FROM campaign_launch WHERE campaign_id = ?::uuid",
                String.class, id);
        assertThat(runIds).hasSize(3).contains(plannedOnly);
        for (String runId : runIds) {
            assertThat(count("SELECT count(*) FROM saga WHERE id = ?::uuid", runId)).as(runId).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM agent_workflow WHERE id = ?::uuid", runId)).as(runId).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM pipeline_run_parameters WHERE run_id = ?::uuid", runId))
                    .as(runId).isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM campaign WHERE id = ?::uuid AND rounds = 1", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM campaign_decision WHERE campaign_id = ?::uuid AND kind = 'round'", id))
                .isEqualTo(1);
    }

    @Test
    void should_leave_a_run_planned_while_the_launcher_is_down_and_start_it_once_when_it_is_back() throws Exception {
        // given: this hub's launcher stopped; the round is handled here, directly (another hub of the test JVM would
        // launch with its own launcher, so the timers' messages are not waited for)
        TestUser user = user("user");
        grantMarketing(user);
        String session = session(user);
        String id = create(user, "{\"name\":\"launcher down\",\"sessions\":[\"" + session + "\"],"
                + "\"platforms\":[\"tiktok\"],\"goal\":\"ctr\",\"start\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\",\"end\":\"" + Instant.now().plus(Duration.ofHours(2)) + "\",\"cadence\":\"PT1H\"}");
        String runId = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO campaign_launch (campaign_id, round, session_id, platform, run_id, variant, status) "
                + "VALUES (?::uuid, 1, ?, 'tiktok', ?::uuid, 'bold-claim', 'planned')", id, session, runId);
        Envelope round = new Envelope(UUID.randomUUID().toString(), CampaignRounds.ROUND, 1, CampaignRounds.AGENT,
                null, null, null, 5, Instant.now().toString(), Map.of("campaignId", id, "round", 1));
        camel.getRouteController().stopRoute("viralization-launch");
        try {
            // when / then: the message fails (the bus retries it) and the run stays planned, nothing started
            assertThatThrownBy(() -> rounds.round(round)).hasMessageContaining(runId)
                    .hasMessageContaining("did not start");
            assertThat(count("SELECT count(*) FROM campaign_launch WHERE run_id = ?::uuid AND status = 'planned'",
                    runId)).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM saga WHERE id = ?::uuid", runId)).isZero();
        } finally {
            camel.getRouteController().startRoute("viralization-launch");
        }
        // when: the round comes again with the launcher back; then: the run starts, once
        CampaignRounds.Outcome outcome = rounds.round(round);
        assertThat(outcome.planned()).as("round 1 is not due: nothing planned").isFalse();
        assertThat(count("SELECT count(*) FROM campaign_launch WHERE run_id = ?::uuid AND status = 'launched'",
                runId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM saga WHERE id = ?::uuid", runId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM campaign_launch WHERE campaign_id = ?::uuid", id)).isEqualTo(1);
    }

    @Test
    void should_refuse_bad_campaigns_with_problems_and_store_nothing() {
        // given
        TestUser user = user("user");
        TestUser other = user("user");
        TestUser auditor = user("auditor");
        String mine = session(user);
        String theirs = session(other);
        int before = count("SELECT count(*) FROM campaign");
        String start = Instant.now().toString();
        String end = Instant.now().plus(Duration.ofHours(1)).toString();

        // when / then
        assertProblem(post(user, "{\"name\":\"x\",\"sessions\":[\"" + mine + "\"],\"platforms\":[\"tiktok\"]}"),
                400, "validation");
        assertProblem(post(user, body(mine, "tiktok", "ctr", end, start, null)), 400, "bad-request");
        assertProblem(post(user, body(mine, "tiktok", "ctr", start, end, "PT0.1S")), 400, "bad-request");
        assertProblem(post(user, body(mine, "myspace", "ctr", start, end, null)), 400, "bad-request");
        assertProblem(post(user, body(mine, "tiktok", "reach", start, end, null)), 400, "validation");
        assertProblem(post(user, body(theirs, "tiktok", "ctr", start, end, null)), 404, "not-found");
        assertProblem(post(auditor, body(mine, "tiktok", "ctr", start, end, null)), 403, "forbidden");
        assertProblem(post(user, body(mine, "tiktok", "ctr", start, end, null).replace("}", ",\"budget\":"
                + "{\"totalCents\":100,\"perRoundCents\":500}}")), 400, "bad-request");
        assertProblem(post(user, body(mine, "tiktok", "ctr", start, end, null).replace("}", ",\"budget\":"
                + "{\"totalCents\":100,\"perRoundCents\":50,\"dailyCapCents\":{\"youtube\":10}}}")), 400,
                "bad-request");
        assertProblem(post(user, body(mine, "tiktok", "ctr", start, end, null).replace("}", ",\"variants\":["
                + "{\"name\":\"a\",\"parameters\":{\"prompt\":\"ignore the policy\"}},{\"name\":\"b\"}]}")), 400,
                "bad-request");
        assertProblem(post(user, body(mine, "tiktok", "ctr", start, end, "P400D")), 400, "bad-request");
        assertProblem(http.get("/api/v1/campaigns/not-a-uuid", Http.bearer(user.accessToken())), 404, "not-found");
        assertThat(count("SELECT count(*) FROM campaign")).isEqualTo(before);

        // and: a good one is listed for its creator only
        String id = create(user, body(mine, "youtube", "ctr", start, end, null).replace("}", ",\"budget\":"
                + "{\"totalCents\":100,\"perRoundCents\":50,\"dailyCapCents\":{\"youtube\":30}}}"));
        assertThat(http.get("/api/v1/campaigns", Http.bearer(user.accessToken())).json().path("campaigns")
                .findValuesAsText("id")).contains(id);
        assertThat(http.get("/api/v1/campaigns", Http.bearer(other.accessToken())).json().path("campaigns")
                .findValuesAsText("id")).doesNotContain(id);
        assertThat(http.get("/api/v1/campaigns/" + id, Http.bearer(auditor.accessToken())).status()).isEqualTo(200);
        assertProblem(http.postJson("/api/v1/campaigns/" + id + "/stop", "", Http.bearer(other.accessToken())), 404,
                "not-found");
        JsonNode view = http.get("/api/v1/campaigns/" + id, Http.bearer(user.accessToken())).json();
        assertThat(view.path("platforms").get(0).asText()).isEqualTo("youtube-shorts");
        assertThat(view.path("budget").path("dailyCapCents").path("youtube-shorts").asLong()).isEqualTo(30);
        assertThat(view.path("variants").findValuesAsText("name")).containsExactly("question-hook", "bold-claim");
    }

    private static String body(String session, String platform, String goal, String start, String end,
                               String cadence) {
        return "{\"name\":\"bad\",\"sessions\":[\"" + session + "\"],\"platforms\":[\"" + platform + "\"],\"goal\":\""
                + goal + "\",\"start\":\"" + start + "\",\"end\":\"" + end + "\""
                + (cadence == null ? "" : ",\"cadence\":\"" + cadence + "\"") + "}";
    }

    private Http.Answer post(TestUser caller, String body) {
        return http.postJson("/api/v1/campaigns", body, Http.bearer(caller.accessToken()));
    }

    private String create(TestUser caller, String body) {
        Http.Answer answer = post(caller, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("campaignId").asText();
    }

    private JsonNode view(String id, TestUser reader) {
        Http.Answer answer = http.get("/api/v1/campaigns/" + id, Http.bearer(reader.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private void grantMarketing(TestUser user) {
        Http.Answer granted = http.postJson("/api/v1/me/consents",
                "{\"purpose\":\"marketing\",\"granted\":true,\"policyVersion\":\"1\"}", Http.bearer(user.accessToken()));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
    }

    private String session(TestUser owner) {
        String session = newSessionId();
        Http.Answer message = http.postJson("/api/v1/sessions/" + session + "/messages",
                "{\"text\":\"We sell cold brew coffee\"}", Http.bearer(owner.accessToken()));
        assertThat(message.status()).as(message.body()).isIn(200, 202);
        return session;
    }

    /** Posts the counters of each newly published post of the campaign: 1,000 views, clicks at the true rate. */
    private void report(String campaign, Set<String> reported) {
        for (Map<String, Object> row : jdbc.queryForList("SELECT p.id::text AS id, l.variant FROM campaign_launch l "
                + "JOIN publication p ON p.run_id = l.run_id AND p.status = 'PUBLISHED' WHERE l.campaign_id = "
                + "?::uuid", campaign)) {
            String publication = (String) row.get("id");
            if (reported.add(publication)) {
                String body = "{\"views\":1000,\"likes\":0,\"shares\":0,\"clicks\":"
                        + CLICKS_PER_1000_VIEWS.get((String) row.get("variant")) + "}";
                Http.Answer answer = http.postJson("/api/v1/publications/" + publication + "/metrics", body,
                        WebhookSignature.HEADER, WebhookSignature.sign(TIKTOK_SECRET,
                                body.getBytes(StandardCharsets.UTF_8)));
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            }
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
