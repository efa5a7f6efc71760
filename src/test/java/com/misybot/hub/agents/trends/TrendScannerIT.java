package com.misybot.hub.agents.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.HubProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trend scanner against sources served inside the test over real HTTP (an RSS feed, an Atom feed, a trending
 * endpoint answering JSON): the same story in two feeds is merged, the three topics become three trends whose
 * ViralScores order as computed by hand, reading the sources again adds nothing, the API filters by window and
 * platform and refuses bad parameters, CSV uploads are operators' and all-or-nothing, front-desk routes "what is
 * trending" to the agent, and with two hub processes on one database each source is read by one at a time.
 */
class TrendScannerIT extends HubIntegrationTest {

    private static final String TRENDS = "/api/v1/trends";

    @Autowired
    private TrendSources sources;
    @Autowired
    private TrendStore store;
    @Autowired
    private EmbeddingService model;
    @Autowired
    private ObjectMapper json;
    @Autowired
    private TransactionTemplate transactions;
    @Autowired
    private ResourceLoader resources;
    @Autowired
    private CamelContext camel;
    @Autowired
    private Environment environment;

    @BeforeEach
    void emptyTrends() throws Exception {
        // this test's scanners own the trend tables: the hub's own scan (no sources here) is paused meanwhile
        camel.getRouteController().stopRoute("trend-scan");
        deleteTrends();
    }

    @AfterEach
    void resume() throws Exception {
        // nothing left for the hub's own scan to cluster while other tests count rows
        deleteTrends();
        camel.getRouteController().startRoute("trend-scan");
    }

    private void deleteTrends() {
        jdbc.update("DELETE FROM trend_signal");
        jdbc.update("DELETE FROM trend_source_state");
        jdbc.update("DELETE FROM generated_artifact WHERE kind = 'trend'");
        jdbc.update("DELETE FROM agent_event_log WHERE agent = 'trend-scanner'");
    }

    private TrendScanner scanner(TrendFeedServer server, String every, Path dir) throws Exception {
        Path file = dir.resolve("trends.yaml");
        Files.writeString(file, server.yaml(every));
        return new TrendScanner(sources, store, model, jdbc, transactions, json, resources, "file:" + file, 1000);
    }

    @Test
    void should_merge_duplicates_cluster_and_rank_trends_by_viral_score_when_sources_are_read(@TempDir Path dir)
            throws Exception {
        Instant now = Instant.now();
        try (TrendFeedServer server = new TrendFeedServer(now)) {
            TrendScanner scanner = scanner(server, "1h", dir);

            // when
            TrendScanner.Scan scan = scanNow(scanner);

            // then: 14 items read from three sources, three trends
            assertThat(scan.ran()).isTrue();
            assertThat(scan.sourcesRead()).isEqualTo(3);
            assertThat(scan.newSignals()).isEqualTo(13);
            assertThat(scan.trends()).isEqualTo(3);
            TestUser user = user("user");
            Http.Answer answer = http.get(TRENDS, as(user));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode trends = answer.json().path("trends");
            assertThat(trends).hasSize(3);

            // the ViralScores, computed by hand from README's formula (h = 6, half-life 12 h, scales 5 / 2 / 0.1,
            // weights 0.4 / 0.2 / 0.25 / 0.15, novelty 1: no trend was known before):
            // running: 85 mentions in the last 6 h, 15 in the 6 h before, 1,300 engagements / 20,000 views, 1 h old
            double v = 85 / 6.0;
            double a = (85 - 15) / 6.0;
            double running = 100 * Math.pow(0.5, 1 / 12.0) * (0.4 * v / (v + 5) + 0.2 * a / (a + 2)
                    + 0.25 * Math.min(1, 0.065 / 0.1) + 0.15);
            // phones: nothing in the last 6 h, last seen 9 h ago; baking: last seen 40 h ago
            double phones = 100 * Math.pow(0.5, 9 / 12.0) * 0.15;
            double baking = 100 * Math.pow(0.5, 40 / 12.0) * 0.15;
            JsonNode first = trends.get(0);
            JsonNode second = trends.get(1);
            JsonNode third = trends.get(2);
            assertThat(first.path("score").asDouble()).as(trends.toString()).isCloseTo(running, within(0.3));
            assertThat(second.path("score").asDouble()).as(trends.toString()).isCloseTo(phones, within(0.3));
            assertThat(third.path("score").asDouble()).as(trends.toString()).isCloseTo(baking, within(0.3));
            assertThat(first.path("examples").toString()).contains("arathon");
            assertThat(first.path("platforms").path("tiktok").asLong()).isEqualTo(100);
            assertThat(first.path("mentions").asLong()).isEqualTo(100);
            assertThat(third.path("examples").toString()).containsAnyOf("ourdough", "bake", "Bakers");
            assertThat(third.path("label").asText()).isNotBlank();

            // the same iPhone story in both feeds is one story with two mentions
            assertThat(second.path("size").asInt()).isEqualTo(4);
            assertThat(second.path("mentions").asLong()).isEqualTo(5);
            assertThat(second.path("examples").toString()).contains("iPhone 18");
            assertThat(count("SELECT count(*) FROM trend_signal WHERE duplicate_of IS NOT NULL")).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT title FROM trend_signal WHERE duplicate_of IS NOT NULL",
                    String.class)).isIn(TrendFeedServer.IPHONE_ATOM, TrendFeedServer.IPHONE_RSS);

            // each trend is an artifact with its embedding; each score an event
            assertThat(count("SELECT count(*) FROM generated_artifact WHERE kind = 'trend' AND status = 'active' "
                    + "AND jsonb_array_length(content->'embedding') = ?", model.dimensions())).isEqualTo(3);
            assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'trend.scored'")).isEqualTo(3);

            // the window and the platform narrow the list; limit cuts it
            assertThat(http.get(TRENDS + "?window=6h", as(user)).json().path("trends")).hasSize(1);
            JsonNode web = http.get(TRENDS + "?platform=web", as(user)).json().path("trends");
            assertThat(web).hasSize(2);
            assertThat(web.get(0).path("platforms").has("tiktok")).isFalse();
            assertThat(http.get(TRENDS + "?limit=1", as(user)).json().path("trends")).hasSize(1);
            assertProblem(http.get(TRENDS + "?window=soon", as(user)), 400, "bad-request");
            assertProblem(http.get(TRENDS + "?window=90d", as(user)), 400, "bad-request");
            assertProblem(http.get(TRENDS + "?limit=0", as(user)), 400, "bad-request");
            assertProblem(http.get(TRENDS + "?platform=no%20such!", as(user)), 400, "bad-request");

            // when: scanned again after the sources are due: nothing new, the same trends
            int signals = count("SELECT count(*) FROM trend_signal");
            jdbc.update("UPDATE trend_source_state SET last_polled_at = now() - interval '2 hours'");
            TrendScanner.Scan again = scanNow(scanner);
            assertThat(again.sourcesRead()).isEqualTo(3);
            assertThat(again.newSignals()).isZero();
            assertThat(count("SELECT count(*) FROM trend_signal")).isEqualTo(signals);
            assertThat(count("SELECT count(*) FROM generated_artifact WHERE kind = 'trend' AND status = 'active'"))
                    .isEqualTo(3);

            // this hub's configured sources (none enabled by default) for operators and auditors; not for users
            JsonNode states = http.get(TRENDS + "/sources", as(user("auditor"))).json().path("sources");
            assertThat(states.get(0).path("id").asText()).isEqualTo("example-news");
            assertThat(states.get(0).path("enabled").asBoolean()).isFalse();
            assertThat(count("SELECT count(*) FROM trend_source_state WHERE polls = 2 AND last_status = 'ok'"))
                    .isEqualTo(3);
            assertThat(http.get(TRENDS + "/sources", as(user)).status()).isEqualTo(403);
        }
    }

    @Test
    void should_answer_what_is_trending_through_front_desk(@TempDir Path dir) throws Exception {
        // given: trends from the served sources
        try (TrendFeedServer server = new TrendFeedServer(Instant.now())) {
            assertThat(scanNow(scanner(server, "1h", dir)).trends()).isEqualTo(3);
            TestUser user = user("user");

            // when: asked in words about a topic
            String reply = reply(user, "What is trending in running right now?");

            // then: trend-scanner answers with the running trend
            assertThat(reply).contains("closest to \"running\"", "arathon");
            assertThat(reply).doesNotContain("ourdough");

            // when: asked by command for everything on the web
            String web = reply(user, "/trends on web");

            // then
            assertThat(web).startsWith("Trending on web in the last 72h:").contains("iPhone 18")
                    .doesNotContain("arathon");
        }
    }

    @Test
    void should_store_an_operator_upload_whole_or_not_at_all() {
        TestUser operator = user("operator");
        String csv = """
                title,platform,publishedAt,mentions,engagements,impressions,id
                Matcha lattes outsell coffee at campus cafes,instagram,%s,12,40,900,m1
                "Ceremonial matcha prices jump 30%%, cafes say",instagram,%s,8,,,m2
                """.formatted(Instant.now().minusSeconds(600), Instant.now().minusSeconds(1200));

        // when
        Http.Answer uploaded = http.send("POST", TRENDS + "/signals", "text/csv", csv, as(operator));

        // then
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(202);
        assertThat(uploaded.json().path("stored").asInt()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM trend_signal WHERE source_id = 'upload'")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT title FROM trend_signal WHERE item_key = 'm2'", String.class))
                .isEqualTo("Ceremonial matcha prices jump 30%, cafes say");

        // when: the same rows again: known, not stored twice
        Http.Answer again = http.send("POST", TRENDS + "/signals", "text/csv", csv, as(operator));
        assertThat(again.json().path("stored").asInt()).isZero();
        assertThat(again.json().path("alreadyKnown").asInt()).isEqualTo(2);

        // when: a file with one bad row, or no title column; a user's upload
        String bad = "title,mentions\nGood row,3\nBad row,-1\n";
        Http.Answer refused = http.send("POST", TRENDS + "/signals", "text/csv", bad, as(operator));
        assertProblem(refused, 400, "validation");
        assertThat(refused.json().path("detail").asText()).contains("Line 3", "mentions");
        assertProblem(http.send("POST", TRENDS + "/signals", "text/csv", "name\nx\n", as(operator)), 400,
                "validation");
        assertThat(http.send("POST", TRENDS + "/signals", "text/csv", csv, as(user("user"))).status())
                .isEqualTo(403);

        // then: nothing of the refused files was stored
        assertThat(count("SELECT count(*) FROM trend_signal")).isEqualTo(2);

        // uploads have a body limit of their own (4 MiB), above the API's 256 KiB
        StringBuilder big = new StringBuilder("title,id\n");
        for (int i = 0; big.length() < 300_000; i++) {
            big.append("Signal number ").append(i).append(" of a large upload,big-").append(i).append('\n');
        }
        Http.Answer large = http.send("POST", TRENDS + "/signals", "text/csv", big.toString(), as(operator));
        assertThat(large.status()).as(large.body()).isEqualTo(202);
        String tooLarge = big.toString().repeat(15);
        assertProblem(http.send("POST", TRENDS + "/signals", "text/csv", tooLarge, as(operator)), 413,
                "payload-too-large");
    }

    @Test
    void should_read_each_source_on_one_hub_at_a_time_when_two_hub_processes_scan(@TempDir Path dir)
            throws Exception {
        // given: a second hub process with the same sources, read every 2 s, on this hub's database
        try (TrendFeedServer server = new TrendFeedServer(Instant.now())) {
            TrendScanner here = scanner(server, "2s", dir);
            try (HubProcess other = HubProcess.start("trends-replica", Map.of(),
                    "--spring.profiles.active=services,test",
                    "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                    "--hub.bus.transport=local", "--hub.saga.mode=memory",
                    "--hub.embedded.data-dir=target/trends-replica", "--hub.trends.tick-millis=500",
                    "--hub.trends.file=file:" + dir.resolve("trends.yaml"))) {
                // when: both scan for 9 s (this one every 200 ms, the other every 500 ms); the other hub may have
                // read the sources while it was starting, before this window (a slow start on a loaded machine)
                List<Boolean> ranHere = new ArrayList<>();
                Instant start = Instant.now();
                Instant end = start.plusSeconds(9);
                while (Instant.now().isBefore(end)) {
                    ranHere.add(here.scan().ran());
                    Thread.sleep(200);
                }

                // then: each source was read about every 2 s, never twice within its period
                for (String path : List.of("/rss", "/atom", "/trending")) {
                    List<Instant> reads = server.readsOf(path);
                    assertThat(reads.stream().filter(read -> !read.isBefore(start)).count())
                            .as(path + " reads in the 9 s window: " + reads).isBetween(3L, 6L);
                    // every read, the other hub's start included, keeps the period
                    for (int i = 1; i < reads.size(); i++) {
                        assertThat(Duration.between(reads.get(i - 1), reads.get(i)))
                                .as(path + " read twice within its period: " + reads)
                                .isGreaterThanOrEqualTo(Duration.ofMillis(1800));
                    }
                }
                // the lock was taken in turns: some ticks here found it held by the other hub
                assertThat(ranHere).contains(true, false);
                assertThat(count("SELECT count(*) FROM trend_signal")).isEqualTo(13);
            }
        }
    }

    /** A scan as soon as the lock is free (a scanner keeps it for most of a tick after it ran). */
    private static TrendScanner.Scan scanNow(TrendScanner scanner) {
        TrendScanner.Scan[] scan = new TrendScanner.Scan[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> (scan[0] = scanner.scan()).ran());
        return scan[0];
    }

    private String reply(TestUser user, String text) {
        JsonNode reply = postAndAwaitReply(user, newSessionId(), text).json().path("reply");
        assertThat(reply.path("agent").asText()).as(reply.toString()).isEqualTo("trend-scanner");
        return reply.path("text").asText();
    }

    private static String[] as(TestUser user) {
        return Http.bearer(user.accessToken());
    }
}
