package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reciprocal rank fusion of the dense and lexical rankings (hybrid search). */
class RankFusionTest {

    @Test
    void should_put_a_document_both_rankings_agree_on_above_documents_only_one_has() {
        List<VectorHit> dense = List.of(hit("a", 0.81), hit("b", 0.80), hit("c", 0.70));
        List<VectorHit> lexical = List.of(hit("c", 12.0), hit("d", 9.0));

        List<VectorHit> fused = SemanticSearch.fuse(dense, lexical, 3);

        // c: 1/63 + 1/61 beats a's 1/61 alone; then a (rank 1 dense) before d (rank 2 lexical) and b (rank 2 dense)
        assertThat(fused).extracting(h -> h.document().sourceId()).containsExactly("c", "a", "b");
        assertThat(fused.get(0).score()).isEqualTo(1.0 / 63 + 1.0 / 61);
        assertThat(fused.get(1).score()).isEqualTo(1.0 / 61);
    }

    @Test
    void should_keep_one_ranking_as_it_is_when_the_other_is_empty() {
        List<VectorHit> lexical = List.of(hit("x", 3.0), hit("y", 2.0), hit("z", 1.0));
        assertThat(SemanticSearch.fuse(List.of(), lexical, 2)).extracting(h -> h.document().sourceId())
                .containsExactly("x", "y");
        assertThat(SemanticSearch.fuse(List.of(), List.of(), 5)).isEmpty();
    }

    private static VectorHit hit(String id, double score) {
        return new VectorHit(new VectorDocument(id, id, "knowledge", "c", null, null, null, "text " + id,
                new float[] {1f}, "m", Map.of(), Instant.now(), null), score);
    }
}
