package com.misybot.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The in-process models, for real (ONNX files inside the Maven jars): unit vectors, batch order kept, and the default
 * thresholds in application.yaml separate paraphrases from unrelated sentences for each model.
 */
class OnnxEmbeddingServiceTest {

    static final List<String[]> PARAPHRASES = List.of(
            new String[] {"How do I reset my password?", "I forgot my password, how can I change it?"},
            new String[] {"When will my order arrive?", "What is the delivery time for my purchase?"},
            new String[] {"Write a short video script about summer sneakers",
                    "Draft a brief video script promoting sneakers for the summer"},
            new String[] {"Which hashtags are trending on TikTok this week?",
                    "What are this week's popular TikTok hashtags?"},
            new String[] {"Can I cancel my subscription at any time?", "Is it possible to stop my plan whenever I want?"},
            new String[] {"Schedule the post for Friday at 9 am", "Plan the publication for Friday morning at nine"});
    static final List<String[]> UNRELATED = List.of(
            new String[] {"How do I reset my password?", "Which hashtags are trending on TikTok this week?"},
            new String[] {"When will my order arrive?", "Write a short video script about summer sneakers"},
            new String[] {"Can I cancel my subscription at any time?", "The recipe needs two eggs and some flour"},
            new String[] {"Schedule the post for Friday at 9 am", "Photosynthesis converts light into chemical energy"},
            new String[] {"Draft a caption for a coffee shop", "The invoice total includes tax"},
            new String[] {"What are your opening hours?", "Generate ten hooks for a fitness campaign"});

    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        EXECUTOR.shutdown();
    }

    private static OnnxEmbeddingService service(String model, double minScore) {
        return new OnnxEmbeddingService(model, EmbeddingConfiguration.onnxModel(model, EXECUTOR), 8, minScore,
                new SimpleMeterRegistry(), EXECUTOR);
    }

    @Test
    void should_return_unit_vectors_in_input_order_when_embedding_a_batch() {
        // given
        OnnxEmbeddingService service = service(EmbeddingConfiguration.BGE_SMALL, 0.7);
        List<String> texts = List.of("alpha campaign", "beta caption", "gamma script", "alpha campaign");
        // when
        List<float[]> vectors = service.embedAll(texts);
        // then
        assertThat(vectors).hasSize(4);
        assertThat(service.dimensions()).isEqualTo(384);
        vectors.forEach(v -> assertThat(Vectors.dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4)));
        assertThat(Vectors.dot(vectors.get(0), vectors.get(3))).isGreaterThan(0.9999);
        assertThat(Vectors.dot(vectors.get(0), vectors.get(1))).isLessThan(0.99);
    }

    @Test
    void should_score_paraphrases_above_and_unrelated_pairs_below_the_default_threshold_for_bge_small() {
        assertSeparates(EmbeddingConfiguration.BGE_SMALL, 0.65);
    }

    @Test
    void should_score_paraphrases_above_and_unrelated_pairs_below_the_default_threshold_for_minilm() {
        assertSeparates(EmbeddingConfiguration.MINILM, 0.35);
    }

    @Test
    void should_give_the_vectors_of_langchain4js_own_model_class_when_the_session_runs_on_one_thread() {
        // given a short text, a sentence and a text longer than the model's 512 tokens (embedded in parts)
        List<String> texts = List.of("summer sneakers", PARAPHRASES.get(2)[0],
                String.join(" ", java.util.Collections.nCopies(300, "caption hook")));
        for (String model : List.of(EmbeddingConfiguration.BGE_SMALL, EmbeddingConfiguration.MINILM)) {
            // when
            var tuned = EmbeddingConfiguration.onnxModel(model, EXECUTOR, 1);
            var stock = EmbeddingConfiguration.onnxModel(model, EXECUTOR, 0);
            // then
            assertThat(tuned).isInstanceOf(OnnxSessionModel.class);
            assertThat(stock).isNotInstanceOf(OnnxSessionModel.class);
            assertThat(tuned.dimension()).isEqualTo(stock.dimension()).isEqualTo(384);
            for (String text : texts) {
                float[] a = Vectors.normalize(tuned.embed(text).content().vector());
                float[] b = Vectors.normalize(stock.embed(text).content().vector());
                assertThat(Vectors.dot(a, b)).as(model + ": " + text.substring(0, Math.min(30, text.length())))
                        .isGreaterThan(0.9999);
            }
        }
    }

    private static void assertSeparates(String model, double threshold) {
        OnnxEmbeddingService service = service(model, threshold);
        double lowestParaphrase = PARAPHRASES.stream().mapToDouble(p -> similarity(service, p)).min().orElseThrow();
        double highestUnrelated = UNRELATED.stream().mapToDouble(p -> similarity(service, p)).max().orElseThrow();
        System.out.printf("%s: lowest paraphrase %.3f, highest unrelated %.3f%n", model, lowestParaphrase,
                highestUnrelated);
        assertThat(lowestParaphrase).as("lowest paraphrase score of " + model).isGreaterThan(threshold);
        assertThat(highestUnrelated).as("highest unrelated score of " + model).isLessThan(threshold);
    }

    private static double similarity(EmbeddingService service, String[] pair) {
        List<float[]> v = service.embedAll(List.of(pair[0], pair[1]));
        return Vectors.dot(v.get(0), v.get(1));
    }
}
