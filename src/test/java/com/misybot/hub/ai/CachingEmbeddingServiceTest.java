package com.misybot.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The cache of recent vectors in front of the real in-process model: a text is embedded by the model once, the
 * vectors are the model's own, each caller gets its own copy, and a refused text fails the call without poisoning
 * the cache. The model's calls are counted by its timer {@code hub.embeddings.batch}.
 */
class CachingEmbeddingServiceTest {

    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stop() {
        EXECUTOR.shutdown();
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OnnxEmbeddingService model = new OnnxEmbeddingService(EmbeddingConfiguration.BGE_SMALL,
            EmbeddingConfiguration.onnxModel(EmbeddingConfiguration.BGE_SMALL, EXECUTOR), 32, 0.65, meters, EXECUTOR);
    private final CachingEmbeddingService cached = new CachingEmbeddingService(model, 100, Duration.ofMinutes(10),
            meters);

    private long modelCalls() {
        return meters.get("hub.embeddings.batch").timer().count();
    }

    @Test
    void should_embed_a_text_once_and_return_the_models_vectors() {
        // given
        List<float[]> first = cached.embedAll(List.of("How do I reset my password?", "Write a caption for sneakers"));
        long callsAfterFirst = modelCalls();
        // when: one text seen before, one new, the new one twice
        List<float[]> second = cached.embedAll(List.of("Write a caption for sneakers", "When will my order arrive?",
                "When will my order arrive?"));
        // then: one more model call, for the new text only, and every vector is what the model gives
        assertThat(callsAfterFirst).isEqualTo(1);
        assertThat(modelCalls()).isEqualTo(2);
        assertThat(second.get(0)).containsExactly(first.get(1));
        assertThat(second.get(1)).containsExactly(model.embed("When will my order arrive?"));
        assertThat(second.get(2)).containsExactly(second.get(1));
        assertThat(cached.embed("How do I reset my password?"))
                .containsExactly(model.embed("How do I reset my password?"));
        assertThat(meters.get("cache.gets").tag("cache", "embeddings").tag("result", "hit").functionCounter().count())
                .isEqualTo(2);
    }

    @Test
    void should_give_each_caller_its_own_copy() {
        // given
        float[] mine = cached.embed("Schedule the post for Friday");
        float original = mine[0];
        // when
        mine[0] = 42f;
        // then
        assertThat(cached.embed("Schedule the post for Friday")[0]).isEqualTo(original);
    }

    @Test
    void should_fail_like_the_model_and_cache_nothing_when_a_text_is_refused() {
        // given: U+200B alone has nothing the model can embed
        List<String> texts = List.of("A caption about coffee", "\u200B");
        // when / then
        assertThatThrownBy(() -> cached.embedAll(texts)).isInstanceOf(RuntimeException.class);
        long calls = modelCalls();
        List<float[]> each = cached.embedEach(texts);
        assertThat(each.get(0)).containsExactly(model.embed("A caption about coffee"));
        assertThat(each.get(1)).isNull();
        assertThat(modelCalls()).isGreaterThan(calls);
        assertThat(cached.model()).isEqualTo(model.model());
        assertThat(cached.dimensions()).isEqualTo(384);
    }
}
