package com.misybot.hub.memory.vector;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Maps {@link VectorDocument}s to and from the BSON documents of the {@code embeddings} collection. The {@code _id}
 * is {@code <sourceId>|<model>}, so writing the same source again replaces it (upserts are idempotent), backed by the
 * unique index on {@code (sourceId, model)}.
 */
@Component("vectorDocuments")
public class VectorDocuments {

    /** Bulk write of upserts for camel-mongodb's {@code bulkWrite} operation. */
    public List<WriteModel<Document>> upserts(List<VectorDocument> documents) {
        List<WriteModel<Document>> writes = new ArrayList<>(documents.size());
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (VectorDocument doc : documents) {
            Document bson = toBson(doc);
            writes.add(new ReplaceOneModel<>(new Document("_id", bson.get("_id")), bson, upsert));
        }
        return writes;
    }

    /** Filter for camel-mongodb's {@code remove} operation: every model's vector of these sources. */
    public Document removeFilter(List<String> sourceIds) {
        return new Document("sourceId", new Document("$in", sourceIds));
    }

    /** Filter of a data subject's vectors (body: the owner id). */
    public org.bson.conversions.Bson ownerFilter(String ownerId) {
        return new Document("ownerId", ownerId);
    }

    /** Projection that leaves the vector out. */
    public org.bson.conversions.Bson withoutVector() {
        return new Document("vector", 0);
    }

    /** Filter for camel-mongodb's {@code remove} operation: every vector whose retention has passed. */
    public Document expiredFilter() {
        return new Document("expiresAt", new Document("$lte", new Date()));
    }

    public static List<String> sourceIds(List<VectorDocument> documents) {
        return documents.stream().map(VectorDocument::sourceId).toList();
    }

    public static String id(VectorDocument doc) {
        return doc.sourceId() + "|" + doc.model();
    }

    /** A vector as BSON stores it (an array of doubles). */
    public static List<Double> toList(float[] vector) {
        List<Double> list = new ArrayList<>(vector.length);
        for (float x : vector) {
            list.add((double) x);
        }
        return list;
    }

    public static Document toBson(VectorDocument doc) {
        List<Double> vector = toList(doc.vector());
        Document bson = new Document("_id", id(doc))
                .append("sourceId", doc.sourceId())
                .append("refId", doc.refId())
                .append("kind", doc.kind())
                .append("collection", doc.collection())
                .append("sessionId", doc.sessionId())
                .append("ownerId", doc.ownerId())
                .append("agent", doc.agent())
                .append("text", doc.text())
                .append("vector", vector)
                .append("model", doc.model())
                .append("dims", doc.vector().length)
                .append("metadata", new Document(doc.metadata() == null ? Map.of() : doc.metadata()))
                .append("createdAt", Date.from(doc.createdAt()));
        if (doc.expiresAt() != null) {
            bson.append("expiresAt", Date.from(doc.expiresAt()));
        }
        return bson;
    }

    public static VectorDocument fromBson(Document bson) {
        List<?> values = bson.getList("vector", Object.class);
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = ((Number) values.get(i)).floatValue();
        }
        Document metadata = bson.get("metadata", Document.class);
        Date expires = bson.getDate("expiresAt");
        return new VectorDocument(bson.getString("sourceId"), bson.getString("refId"), bson.getString("kind"),
                bson.getString("collection"), bson.getString("sessionId"), bson.getString("ownerId"),
                bson.getString("agent"), bson.getString("text"), vector, bson.getString("model"),
                metadata == null ? Map.of() : new LinkedHashMap<>(metadata), bson.getDate("createdAt").toInstant(),
                expires == null ? null : expires.toInstant());
    }
}
