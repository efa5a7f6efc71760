package com.misybot.hub.agents.editor;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.memory.ContextCommands;
import com.misybot.hub.memory.vector.VectorDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Background embedding of content versions (route content-embedding): pending rows of
 * sql/content-embedding-pending.sql become {@link VectorDocument}s of kind content, one per version (source id
 * {@code content:<id>:v<n>}), owned by the piece's owner and in its session when it has one.
 */
@Component("contentEmbeddings")
public class ContentEmbeddings {

    private final EmbeddingService embeddings;

    public ContentEmbeddings(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    public List<VectorDocument> documents(List<Map<String, Object>> rows) {
        List<float[]> vectors = embeddings.embedEach(rows.stream()
                .map(r -> r.get("title") + "\n" + r.get("text")).toList());
        List<VectorDocument> documents = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            if (vectors.get(i) == null) {
                continue;
            }
            String id = row.get("content_id").toString();
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("version", row.get("version"));
            metadata.put("title", row.get("title"));
            documents.add(new VectorDocument(sourceId(id, (Integer) row.get("version")), id, VectorDocument.CONTENT,
                    "contents", (String) row.get("session_id"), (String) row.get("owner_id"), "content-editor",
                    (String) row.get("text"), vectors.get(i), embeddings.model(), metadata,
                    ContextCommands.instant(row.get("created_at")), null));
        }
        return documents;
    }

    /** Parameters of sql/content-embedding-done.sql (batch): every pending version of the batch, embedded or not. */
    public List<Map<String, Object>> embedded(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> Map.<String, Object>of("contentId", r.get("content_id").toString(),
                "version", r.get("version"))).toList();
    }

    static String sourceId(String contentId, int version) {
        return VectorDocument.CONTENT + ":" + contentId + ":v" + version;
    }
}
