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

    /**
     * Lexical (BM25) search of {@code text} with the query's filters and {@code topK}; its {@code vector} and
     * {@code minScore} are not used. Only the in-process index keeps a text index.
     */
    default List<VectorHit> lexical(VectorQuery query, String text) {
        throw new com.misybot.hub.platform.ProblemException(com.misybot.hub.platform.ProblemType.BAD_REQUEST,
                "Lexical and hybrid search need the in-process index (hub.vector.index=hnsw); this hub uses "
                        + getClass().getSimpleName() + ": search with mode \"dense\".");
    }

    /**
     * A number that changes whenever a document of {@code collection} is written or deleted; -1 when this index does
     * not hold the documents in process (then {@link #knowledge} is empty and no classifier is trained).
     */
    default long version(String collection) {
        return -1;
    }

    /** The live knowledge documents of {@code collection}, with their vectors (in-process index only). */
    default List<VectorDocument> knowledge(String collection) {
        return List.of();
    }

    /** Whether {@link #lexical} works (the in-process index keeps a text index beside the vectors). */
    default boolean hasTextIndex() {
        return false;
    }

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
