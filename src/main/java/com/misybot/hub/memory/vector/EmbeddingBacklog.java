package com.misybot.hub.memory.vector;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Gauge {@code hub.embeddings.pending{kind}}: stored turns and generated artifacts whose embedding is still to come
 * (routes {@code turn-embedding}, {@code artifact-embedding}). They are embedded after the reply, so under a
 * sustained load this is how far semantic memory is behind the conversation. Counted over the partial "pending"
 * indexes, at most once per {@link #REFRESH} per kind (the live console and scrapes read gauges often).
 */
@Component
public class EmbeddingBacklog {

    static final Duration REFRESH = Duration.ofSeconds(1);

    /** The conditions of sql/turn-embedding-pending.sql and sql/artifact-embedding-pending.sql: change both. */
    private static final Map<String, String> PENDING = Map.of(
            "turn", "SELECT count(*) FROM context_turn WHERE embedded_at IS NULL AND deleted_at IS NULL",
            "artifact", "SELECT count(*) FROM generated_artifact WHERE embed_text IS NOT NULL "
                    + "AND embedded_at IS NULL AND deleted_at IS NULL AND status <> 'withdrawn'");

    /** The last count of each kind, read again once it is older than {@link #REFRESH}. */
    private final LoadingCache<String, Long> counted;

    public EmbeddingBacklog(JdbcTemplate jdbc, MeterRegistry meters) {
        this.counted = Caffeine.newBuilder().expireAfterWrite(REFRESH)
                .build(kind -> jdbc.queryForObject(PENDING.get(kind), Long.class));
        PENDING.keySet().forEach(kind -> Gauge.builder("hub.embeddings.pending", this, b -> b.pending(kind))
                .tag("kind", kind).description("Stored texts whose embedding into semantic memory is still to come")
                .register(meters));
    }

    /** Rows of {@code kind} waiting for their embedding (refreshed at most once per second). */
    public double pending(String kind) {
        Long count = counted.get(kind);
        return count == null ? 0 : count;
    }
}
