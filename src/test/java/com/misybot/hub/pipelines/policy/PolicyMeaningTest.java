package com.misybot.hub.pipelines.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.ai.EmbeddingConfiguration;
import com.misybot.hub.ai.OnnxEmbeddingService;
import com.misybot.hub.memory.vector.RelevanceCalibration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The policy gate by meaning, with the shipped rules (config/policies), the hub's default embedding model and its
 * calibration: rephrased claims no pattern lists are found, one bad sentence in a long caption is found and named,
 * and on the labelled captions of src/test/resources/policy/captions.json the gate flags (BLOCK or REVIEW) the
 * non-compliant ones and lets the compliant ones through.
 */
class PolicyMeaningTest {

    private static ExecutorService executor;
    private static PolicyGate gate;
    private static PolicyGate lexical;

    @BeforeAll
    static void gate() {
        executor = Executors.newFixedThreadPool(2);
        OnnxEmbeddingService embeddings = new OnnxEmbeddingService("bge-small-en-v15-q",
                EmbeddingConfiguration.onnxModel("bge-small-en-v15-q", executor), 32, 0.65, new SimpleMeterRegistry(),
                executor);
        PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
        gate = PolicyFiles.gate(resources, "file:config/policies", "file:config/platforms.yaml",
                SemanticPolicy.Factory.of(embeddings, RelevanceCalibration.load(embeddings), 0.6, 0.5));
        lexical = PolicyFiles.gate(resources, "file:config/policies", "file:config/platforms.yaml");
    }

    @AfterAll
    static void stop() {
        executor.shutdown();
    }

    @Test
    void should_block_a_rephrased_health_claim_that_no_pattern_lists() {
        PolicyInput claim = new PolicyInput("Our bottle is guaranteed to cure diabetes", List.of(), false);
        // the patterns alone let it through
        assertThat(lexical.evaluate(claim).verdict()).isEqualTo(PolicyDecision.ALLOW);
        PolicyDecision decision = gate.evaluate(claim);
        assertThat(decision.verdict()).isEqualTo(PolicyDecision.BLOCK);
        assertThat(decision.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("health-claims");
            assertThat(f.message()).contains("by meaning").contains("confidence");
            assertThat(f.match()).isEqualTo("Our bottle is guaranteed to cure diabetes");
        });
    }

    @Test
    void should_name_the_one_bad_sentence_of_a_long_caption() {
        String caption = "Summer is here and our team spent months on this launch. Meet the new stainless bottle in "
                + "six colours, made from recycled steel. It keeps drinks cold for a full day at the beach. "
                + "Drinking from it every day reverses type 2 diabetes. Available in stores from Friday, "
                + "tag a friend who needs one!";
        PolicyDecision decision = gate.evaluate(new PolicyInput(caption, List.of(), false));
        assertThat(decision.verdict()).isNotEqualTo(PolicyDecision.ALLOW);
        assertThat(decision.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("health-claims");
            assertThat(f.match()).isEqualTo("Drinking from it every day reverses type 2 diabetes.");
        });
    }

    @Test
    void should_judge_each_clause_of_a_sentence_joined_by_a_colon_semicolon_or_dash() {
        // the clauses as well as the whole sentence; fragments under three words ("Fertility guaranteed") are not
        // judged alone
        assertThat(SemanticPolicy.sentences("Fertility guaranteed: get pregnant in a month. Fresh stock; order today "
                + "- while it lasts. Plain sentence, with a comma."))
                .containsExactly("Fertility guaranteed: get pregnant in a month.", "get pregnant in a month.",
                        "Fresh stock; order today - while it lasts.", "while it lasts.", "Plain sentence, with a comma.");
        PolicyDecision decision = gate.evaluate(new PolicyInput(
                "Our new keto capsules taste of lemon: they melt belly fat while you sleep.", List.of(), false));
        assertThat(decision.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("health-claims");
            assertThat(f.match()).isEqualTo("they melt belly fat while you sleep.");
        });
    }

    @Test
    void should_allow_related_content_that_makes_no_claim() {
        // (a known false alarm, in README "Policy gate": "Our new chamomile blend is a calm way to end the day." is
        // taken for an anxiety claim)
        for (String text : List.of("Consult your doctor before starting any new supplement.",
                "Investing involves risk; read the prospectus first.")) {
            PolicyDecision decision = gate.evaluate(new PolicyInput(text, List.of(), false));
            assertThat(decision.verdict()).as(text + " " + decision.findings()).isEqualTo(PolicyDecision.ALLOW);
        }
    }

    @Test
    void should_flag_the_non_compliant_captions_and_pass_the_compliant_ones_of_the_labelled_set() throws Exception {
        JsonNode captions = new ObjectMapper().readTree(getClass().getResourceAsStream("/policy/captions.json"))
                .path("captions");
        assertThat(captions.size()).isGreaterThanOrEqualTo(200);
        int nonCompliant = 0;
        int flagged = 0;
        int compliant = 0;
        int falseAlarms = 0;
        int lexicalFlagged = 0;
        int blocked = 0;
        Map<String, int[]> byCategory = new TreeMap<>();
        StringBuilder misses = new StringBuilder();
        for (JsonNode c : captions) {
            PolicyInput input = new PolicyInput(c.path("text").asText(), List.of(), false);
            boolean bad = "non-compliant".equals(c.path("label").asText());
            PolicyDecision decision = gate.evaluate(input);
            boolean caught = !decision.allowed();
            blocked += bad && PolicyDecision.BLOCK.equals(decision.verdict()) ? 1 : 0;
            int[] counts = byCategory.computeIfAbsent(c.path("category").asText() + (bad ? " non-compliant"
                    : " compliant"), k -> new int[2]);
            counts[0]++;
            counts[1] += caught ? 1 : 0;
            if (bad) {
                nonCompliant++;
                flagged += caught ? 1 : 0;
                lexicalFlagged += lexical.evaluate(input).allowed() ? 0 : 1;
            } else {
                compliant++;
                falseAlarms += caught ? 1 : 0;
            }
            if (caught != bad) {
                misses.append(bad ? "\n  missed: " : "\n  false alarm: ").append(c.path("text").asText());
                decision.findings().forEach(f -> misses.append("\n      ").append(f.ruleId()).append(' ')
                        .append(f.verdict()).append(' ').append(f.message()));
            }
        }
        double recall = flagged / (double) nonCompliant;
        double falseAlarmRate = falseAlarms / (double) compliant;
        StringBuilder report = new StringBuilder(String.format(java.util.Locale.ROOT,
                "non-compliant flagged %d/%d (%.3f; %d blocked; patterns alone %d), compliant flagged %d/%d (%.3f)",
                flagged, nonCompliant, recall, blocked, lexicalFlagged, falseAlarms, compliant, falseAlarmRate));
        byCategory.forEach((k, v) -> report.append("\n  ").append(k).append(": flagged ").append(v[1]).append('/')
                .append(v[0]));
        System.out.println("[policy captions] " + report + misses);
        assertThat(recall).as(report.toString()).isGreaterThanOrEqualTo(0.9);
        assertThat(falseAlarmRate).as(report.toString()).isLessThanOrEqualTo(0.05);
        assertThat(flagged).isGreaterThan(lexicalFlagged);
    }
}
