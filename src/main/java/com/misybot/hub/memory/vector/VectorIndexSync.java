package com.misybot.hub.memory.vector;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.bson.Document;

/**
 * Keeps this replica's in-process index in step with writes made through other replicas: every vector write is
 * logged in PostgreSQL ({@code vector_change}, with this replica as origin), and route {@code vector-index-sync}
 * replays the other replicas' changes (upserts re-read from MongoDB, deletes applied). The cursor starts at the log's
 * end just before the index is rebuilt from MongoDB, so nothing written during the rebuild is missed.
 */
public class VectorIndexSync {

    private final VectorIndex index;
    private final MongoCollection<Document> embeddings;
    private final String model;
    private final String origin = UUID.randomUUID().toString();
    private volatile long cursor;

    public VectorIndexSync(VectorIndex index, MongoCollection<Document> embeddings, String model) {
        this.index = index;
        this.embeddings = embeddings;
        this.model = model;
    }

    public String origin() {
        return origin;
    }

    public void startAt(long seq) {
        this.cursor = seq;
    }

    public long cursor() {
        return cursor;
    }

    /** Parameters of sql/vector-change-insert.sql for a write of this replica. */
    public Map<String, Object> change(String op, List<String> sourceIds) {
        String array = sourceIds.stream().map(id -> '"' + id.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
        return Map.of("op", op, "sourceIds", array, "origin", origin);
    }

    /** Parameters of sql/vector-change-since.sql. */
    public Map<String, Object> since(int overlapSeconds) {
        return Map.of("after", cursor, "origin", origin, "overlapSeconds", (double) overlapSeconds);
    }

    /** Applies rows of sql/vector-change-since.sql to the index; returns how many sources were touched. */
    public int apply(List<Map<String, Object>> rows) throws SQLException {
        List<String> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        long last = cursor;
        for (Map<String, Object> row : rows) {
            List<String> ids = ids(row.get("source_ids"));
            if ("D".equals(String.valueOf(row.get("op")).trim())) {
                upserts.removeAll(ids);
                deletes.addAll(ids);
            } else {
                deletes.removeAll(ids);
                upserts.addAll(ids);
            }
            last = Math.max(last, ((Number) row.get("seq")).longValue());
        }
        if (!deletes.isEmpty()) {
            index.delete(deletes);
        }
        if (!upserts.isEmpty()) {
            List<VectorDocument> docs = new ArrayList<>();
            for (Document bson : embeddings.find(Filters.and(Filters.in("sourceId", upserts),
                    Filters.eq("model", model)))) {
                docs.add(VectorDocuments.fromBson(bson));
            }
            index.upsert(docs);
        }
        cursor = last;
        return upserts.size() + deletes.size();
    }

    private static List<String> ids(Object value) throws SQLException {
        if (value instanceof Array array) {
            return Arrays.asList((String[]) array.getArray());
        }
        if (value instanceof String[] strings) {
            return Arrays.asList(strings);
        }
        throw new IllegalStateException("source_ids is not a text[]: " + value);
    }
}
