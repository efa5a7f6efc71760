package com.misybot.hub.memory.vector;

import com.misybot.hub.ai.Vectors;
import java.util.List;

/**
 * Dense and lexical (BM25) search fused by reciprocal rank ({@link SemanticSearch#fuse}) for callers inside the hub
 * (video-scriptor's templates, the {@code retrieval} processor): each side proposes 4 × topK candidates (at least 20,
 * at most 100), the fused list keeps documents whose cosine reaches the query's {@code minScore}. An index without a
 * text index (Atlas) answers dense only.
 */
public final class HybridSearch {

    private HybridSearch() {
    }

    /** At most {@code query.topK()} hits for {@code query} (its vector) and {@code text}, best first. */
    public static List<VectorHit> search(VectorIndex index, VectorQuery query, String text) {
        if (!index.hasTextIndex()) {
            return index.search(query);
        }
        int candidates = candidates(query.topK());
        VectorQuery wider = new VectorQuery(query.vector(), candidates, query.kinds(), query.collection(),
                query.sessionId(), query.ownerId(), query.agent(), query.metadata(), query.minScore(), query.exact());
        return fused(index, wider, text).stream()
                .filter(h -> h.document().vector() == null
                        || Vectors.dot(query.vector(), h.document().vector()) >= query.minScore())
                .limit(query.topK())
                .toList();
    }

    /**
     * The dense and lexical rankings of {@code query} (its topK per side) fused by reciprocal rank, at most topK, with
     * no threshold applied (the caller filters and ranks them).
     */
    static List<VectorHit> fused(VectorIndex index, VectorQuery query, String text) {
        return SemanticSearch.fuse(index.search(query), index.lexical(query, text), query.topK());
    }

    /** How many candidates each side proposes for {@code topK} results. */
    static int candidates(int topK) {
        return Math.min(100, Math.max(topK * 4, 20));
    }
}
