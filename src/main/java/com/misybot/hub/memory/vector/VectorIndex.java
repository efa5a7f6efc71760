package com.misybot.hub.memory.vector;

import java.util.Collection;
import java.util.List;

/**
 * Searches the stored vectors. The in-process implementation ({@link InProcessVectorIndex}) mirrors MongoDB and must
 * be told of every write; the Atlas one ({@link AtlasVectorIndex}) asks MongoDB's {@code $vectorSearch}.
 */
public interface VectorIndex {

    void upsert(Collection<VectorDocument> documents);

    void delete(Collection<String> sourceIds);

    /** Hits with score ≥ {@code query.minScore()}, best first, at most {@code topK}. */
    List<VectorHit> search(VectorQuery query);

    /** Number of indexed vectors (-1 when the index is not in process). */
    int size();

    /** Drops vectors whose retention has passed; returns how many (MongoDB's TTL monitor handles the collection). */
    default int sweepExpired() {
        return 0;
    }

    /** Merges an in-process index whose writes left more than {@code maxSegments} segments (no-op elsewhere). */
    default int compact(int maxSegments) {
        return 0;
    }
}
