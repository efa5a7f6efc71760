package com.misybot.hub.memory.vector;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.memory.ContextCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Background embedding of generated artifacts (route {@code artifact-embedding}): rows of
 * sql/artifact-embedding-pending.sql into {@link VectorDocument}s of kind {@code artifact}, private to the session's
 * owner, collection = the artifact's kind, {@code metadata.replyTo} = the turn it answers. The agents store these rows
 * and reply at once; the vectors follow within {@code hub.vector.turn-embedding.interval-millis}.
 */
@Component("artifactEmbeddings")
public class ArtifactEmbeddings {

    private final EmbeddingService embeddings;
    private final VectorProperties properties;
    private final Clock clock;

    public ArtifactEmbeddings(EmbeddingService embeddings, VectorProperties properties, Clock clock) {
        this.embeddings = embeddings;
        this.properties = properties;
        this.clock = clock;
    }

    /** The pending rows embedded in one batch; a text with nothing to embed gets no vector (and is still done). */
    public List<VectorDocument> documents(List<Map<String, Object>> rows) {
        List<float[]> vectors = embeddings.embedEach(rows.stream().map(r -> (String) r.get("embed_text")).toList());
        Duration retention = properties.retentionOf(VectorDocument.ARTIFACT);
        List<VectorDocument> documents = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if (vectors.get(i) == null) {
                continue;
            }
            String id = row.get("id").toString();
            Object replyTo = row.get("reply_to");
            documents.add(new VectorDocument(VectorDocument.ARTIFACT + ":" + id, id, VectorDocument.ARTIFACT,
                    (String) row.get("kind"), (String) row.get("session_id"), (String) row.get("owner_id"),
                    (String) row.get("agent"), (String) row.get("embed_text"), vectors.get(i), embeddings.model(),
                    replyTo == null ? Map.of() : Map.of("replyTo", replyTo.toString()),
                    ContextCommands.instant(row.get("created_at")),
                    retention == null ? null : clock.instant().plus(retention)));
        }
        return documents;
    }

    /** Parameters of sql/artifact-embedding-done.sql (batch): one per pending artifact of the batch. */
    public List<Map<String, Object>> embedded(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> Map.<String, Object>of("artifactId", UUID.fromString(r.get("id").toString())))
                .toList();
    }
}
