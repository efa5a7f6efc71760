package com.misybot.hub.memory.vector;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.memory.ContextCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Background embedding of stored turns: pending turn rows into embedded {@link VectorDocument}s (kind turn). */
@Component("turnEmbeddings")
public class TurnEmbeddings {

    private final EmbeddingService embeddings;
    private final VectorProperties properties;
    private final Clock clock;

    public TurnEmbeddings(EmbeddingService embeddings, VectorProperties properties, Clock clock) {
        this.embeddings = embeddings;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Rows of sql/turn-embedding-pending.sql, embedded in one batch. A turn with nothing to embed (blank, invisible
     * characters only) gets no vector; it is still marked done by {@link #embedded}, so it cannot stop the queue.
     */
    public List<VectorDocument> documents(List<Map<String, Object>> rows) {
        // no semantic memory of the turns of an owner who withdrew consent to personalization (they stay unembedded)
        rows = rows.stream().filter(r -> !Boolean.FALSE.equals(r.get("personalization"))).toList();
        List<float[]> vectors = embeddings.embedEach(rows.stream().map(r -> (String) r.get("text")).toList());
        Duration retention = properties.retentionOf(VectorDocument.TURN);
        List<VectorDocument> documents = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if (vectors.get(i) == null) {
                continue;
            }
            String turnId = row.get("id").toString();
            Instant created = ContextCommands.instant(row.get("created_at"));
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("role", row.get("role"));
            documents.add(new VectorDocument(VectorDocument.turnSourceId(turnId), turnId, VectorDocument.TURN,
                    "session", (String) row.get("session_id"), (String) row.get("owner_id"),
                    (String) row.get("agent"), (String) row.get("text"), vectors.get(i), embeddings.model(), metadata,
                    created, retention == null ? null : clock.instant().plus(retention)));
        }
        return documents;
    }

    /** Parameters of sql/turn-embedding-done.sql (batch): one per pending turn of the batch, embedded or not. */
    public List<Map<String, Object>> embedded(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> Map.<String, Object>of("turnId", UUID.fromString(r.get("id").toString()))).toList();
    }
}
