package com.misybot.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EmbeddingService#embedEach}: a text the model refuses costs only its own vector, not the batch's. */
class EmbeddingServiceTest {

    /** Refuses blank texts and U+200B the way the ONNX model does (IllegalArgumentException). */
    private final EmbeddingService model = new EmbeddingService() {
        @Override
        public String model() {
            return "test";
        }

        @Override
        public int dimensions() {
            return 1;
        }

        @Override
        public double defaultMinScore() {
            return 0.5;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            for (String text : texts) {
                if (text.replace("\u200b", "").isBlank()) {
                    IllegalArgumentException refused = new IllegalArgumentException("Cannot embed empty or whitespace-only text");
                    // as LangChain4j reports it from a batch split over threads
                    throw texts.size() > 1 ? new RuntimeException(new java.util.concurrent.ExecutionException(refused))
                            : refused;
                }
            }
            return texts.stream().map(t -> new float[] {t.length()}).toList();
        }
    };

    @Test
    void should_give_null_only_to_the_texts_the_model_refuses() {
        List<float[]> vectors = model.embedEach(List.of("hello", "   ", "\u200b", "world!"));

        assertThat(vectors).hasSize(4);
        assertThat(vectors.get(0)).containsExactly(5f);
        assertThat(vectors.get(1)).isNull();
        assertThat(vectors.get(2)).isNull();
        assertThat(vectors.get(3)).containsExactly(6f);
    }

    @Test
    void should_embed_a_clean_batch_in_one_call() {
        assertThat(model.embedEach(List.of("a", "bb"))).extracting(v -> v[0]).containsExactly(1f, 2f);
    }

    @Test
    void should_let_other_failures_through() {
        EmbeddingService broken = new EmbeddingService() {
            @Override
            public String model() {
                return "broken";
            }

            @Override
            public int dimensions() {
                return 1;
            }

            @Override
            public double defaultMinScore() {
                return 0;
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                throw new IllegalStateException("model not loaded");
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.embedEach(List.of("a")))
                .isInstanceOf(IllegalStateException.class);
    }
}
