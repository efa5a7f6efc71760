package com.misybot.hub.memory.vector;

import java.util.Map;
import java.util.Set;

/**
 * A nearest-neighbour query: unit {@code vector}, {@code topK}, and filters that every hit must match (null or empty
 * = no filter on that field). {@code exact} forces a brute-force scan instead of the ANN index.
 */
public record VectorQuery(float[] vector, int topK, Set<String> kinds, String collection, String sessionId,
                          String ownerId, String agent, Map<String, String> metadata, double minScore,
                          boolean exact) {

    public boolean matches(VectorDocument doc) {
        return (kinds == null || kinds.isEmpty() || kinds.contains(doc.kind()))
                && (collection == null || collection.equals(doc.collection()))
                && (sessionId == null || sessionId.equals(doc.sessionId()))
                && (ownerId == null || ownerId.equals(doc.ownerId()))
                && (agent == null || agent.equals(doc.agent()))
                && metadataMatches(doc.metadata());
    }

    private boolean metadataMatches(Map<String, Object> values) {
        if (metadata == null || metadata.isEmpty()) {
            return true;
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            Object value = values == null ? null : values.get(e.getKey());
            if (value == null || !e.getValue().equals(String.valueOf(value))) {
                return false;
            }
        }
        return true;
    }
}
