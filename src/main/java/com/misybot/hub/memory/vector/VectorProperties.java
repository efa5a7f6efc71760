package com.misybot.hub.memory.vector;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.vector.*}: where embeddings are stored, which index searches them, retention and search caching. */
@ConfigurationProperties(prefix = "hub.vector")
public record VectorProperties(@DefaultValue("embeddings") String collection,
                               @DefaultValue("hnsw") String index,
                               @DefaultValue("vector_index") String atlasIndexName,
                               @DefaultValue("20") int atlasCandidatesFactor,
                               Hnsw hnsw,
                               Map<String, Duration> retention,
                               @DefaultValue("PT60S") Duration searchCacheTtl,
                               TurnEmbedding turnEmbedding,
                               @DefaultValue("2000") long syncIntervalMillis,
                               @DefaultValue("4194304") long knowledgeMaxBodyBytes,
                               @DefaultValue("0.5") double minConfidence) {

    /** Lucene HNSW graph: neighbours per node, build beam, and candidates explored per search (at least topK). */
    public record Hnsw(@DefaultValue("16") int m, @DefaultValue("100") int beamWidth,
                       @DefaultValue("100") int efSearch, @DefaultValue("4") int maxSegments,
                       @DefaultValue("600000") long compactIntervalMillis) {
    }

    /** Background embedding of stored turns: poll interval and turns per batch. */
    public record TurnEmbedding(@DefaultValue("1000") long intervalMillis, @DefaultValue("64") int batchSize) {
    }

    public boolean atlas() {
        return "atlas".equals(index);
    }

    /** How long vectors of {@code kind} are kept (null = forever). */
    public Duration retentionOf(String kind) {
        Duration d = retention == null ? null : retention.get(kind);
        return d == null || d.isZero() ? null : d;
    }
}
