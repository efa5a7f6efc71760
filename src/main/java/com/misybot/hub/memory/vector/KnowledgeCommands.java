package com.misybot.hub.memory.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.mongodb.MongoDbConstants;
import org.springframework.stereotype.Component;

/** Knowledge API: request bodies into embedded {@link VectorDocument}s, and the answers. */
@Component("knowledgeCommands")
public class KnowledgeCommands {

    private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Answer of POST /knowledge/{collection}/documents. */
    public record Upserted(String collection, int upserted, String model) {
    }

    private final EmbeddingService embeddings;
    private final VectorProperties properties;
    private final Clock clock;

    public KnowledgeCommands(EmbeddingService embeddings, VectorProperties properties, Clock clock) {
        this.embeddings = embeddings;
        this.properties = properties;
        this.clock = clock;
    }

    /** The documents of a schema-valid request, embedded; ids must be unique within the request. */
    public List<VectorDocument> documents(@Variable("collection") String collection, @Variable("json") JsonNode body) {
        checkCollection(collection);
        Set<String> ids = new HashSet<>();
        List<String> texts = new ArrayList<>(body.size());
        for (JsonNode item : body) {
            if (!ids.add(item.get("id").asText())) {
                throw new ProblemException(ProblemType.BAD_REQUEST,
                        "Document id '" + item.get("id").asText() + "' appears more than once in the request.");
            }
            texts.add(item.get("text").asText());
        }
        List<float[]> vectors = embeddings.embedEach(texts);
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i) == null) {
                throw new ProblemException(ProblemType.VALIDATION, "Document '" + body.get(i).get("id").asText()
                        + "' has no text to embed (only blank or invisible characters).",
                        List.of(new Problem.Violation("/" + i + "/text", "text", "must contain a visible character")),
                        null);
            }
        }
        Instant now = clock.instant();
        Duration retention = properties.retentionOf(VectorDocument.KNOWLEDGE);
        List<VectorDocument> documents = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            String id = item.get("id").asText();
            Map<String, Object> metadata = new LinkedHashMap<>();
            item.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), scalar(e.getValue())));
            documents.add(new VectorDocument(VectorDocument.knowledgeSourceId(collection, id), id,
                    VectorDocument.KNOWLEDGE, collection, null, null, null, texts.get(i), vectors.get(i),
                    embeddings.model(), metadata, now, retention == null ? null : now.plus(retention)));
        }
        return documents;
    }

    public Upserted upserted(@Variable("collection") String collection, List<VectorDocument> documents) {
        return new Upserted(collection, documents.size(), embeddings.model());
    }

    /** Source ids to delete for DELETE /knowledge/{collection}/documents/{id}. */
    public List<String> deletion(@Variable("collection") String collection, @Variable("documentId") String id) {
        checkCollection(collection);
        return List.of(VectorDocument.knowledgeSourceId(collection, id));
    }

    /** After the removal: 404 when no such document existed. */
    public Map<String, Object> deleted(@Header(MongoDbConstants.RECORDS_AFFECTED) Long removed,
                                       @Variable("collection") String collection, @Variable("documentId") String id) {
        if (removed == null || removed == 0) {
            throw new ProblemException(ProblemType.NOT_FOUND,
                    "No document '" + id + "' in knowledge collection '" + collection + "'.");
        }
        return Map.of("collection", collection, "id", id, "deleted", true);
    }

    private static void checkCollection(String collection) {
        if (collection == null || !COLLECTION.matcher(collection).matches()) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "The collection name must be 1..64 characters of [a-z0-9._-], starting with a letter or digit.");
        }
    }

    private static Object scalar(JsonNode value) {
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asText();
    }
}
