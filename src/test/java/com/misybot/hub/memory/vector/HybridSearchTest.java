package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.ai.Vectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hybrid search for the agents (video-scriptor's templates, the retrieval processor) over the in-process index. */
class HybridSearchTest {

    @Test
    void should_find_a_template_named_by_a_rare_word_that_dense_search_ranks_below_the_documents_asked_for()
            throws Exception {
        try (InProcessVectorIndex index = new InProcessVectorIndex(16, 100, 100)) {
            float[] query = Vectors.normalize(new float[] {1, 0, 0});
            index.upsert(List.of(
                    template("hook", "A strong hook in the first second", new float[] {0.95f, 0.3f, 0}),
                    template("cta", "End with a clear call to action", new float[] {0.9f, 0.4f, 0.1f}),
                    template("unboxing", "Unboxing template: reveal the product slowly", new float[] {0.1f, 0.2f, 1})));
            VectorQuery two = new VectorQuery(query, 2, Set.of(VectorDocument.KNOWLEDGE), "templates", null, null,
                    null, null, -1, false);

            assertThat(index.search(two)).extracting(h -> h.document().refId()).containsExactly("hook", "cta");
            assertThat(HybridSearch.search(index, two, "an unboxing reel")).extracting(h -> h.document().refId())
                    .hasSize(2).contains("unboxing");
            // a cosine floor still applies to what the text found
            VectorQuery floor = new VectorQuery(query, 2, Set.of(VectorDocument.KNOWLEDGE), "templates", null, null,
                    null, null, 0.5, false);
            assertThat(HybridSearch.search(index, floor, "an unboxing reel")).extracting(h -> h.document().refId())
                    .doesNotContain("unboxing");
        }
    }

    private static VectorDocument template(String id, String text, float[] v) {
        return new VectorDocument(VectorDocument.knowledgeSourceId("templates", id), id, VectorDocument.KNOWLEDGE,
                "templates", null, null, null, text, Vectors.normalize(v), "m", Map.of(), Instant.now(), null);
    }
}
