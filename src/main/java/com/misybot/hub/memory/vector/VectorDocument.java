package com.misybot.hub.memory.vector;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One embedded text in the {@code embeddings} collection. {@code sourceId} is unique per model across kinds
 * ({@code knowledge:<collection>:<id>}, {@code turn:<turnId>}, ...); {@code refId} is the id callers know (the
 * knowledge document id, the turn id).
 */
public record VectorDocument(String sourceId, String refId, String kind, String collection, String sessionId,
                             String ownerId, String agent, String text, float[] vector, String model,
                             Map<String, Object> metadata, Instant createdAt, Instant expiresAt) {

    /** Kinds of embedded text. Turns are private to their session's owner, content versions to their piece's. */
    public static final Set<String> KINDS = Set.of("turn", "knowledge", "artifact", "template", "trend", "policy",
            "content");
    public static final String TURN = "turn";
    public static final String CONTENT = "content";
    public static final String ARTIFACT = "artifact";
    public static final String KNOWLEDGE = "knowledge";

    public static String knowledgeSourceId(String collection, String id) {
        return KNOWLEDGE + ":" + collection + ":" + id;
    }

    public static String turnSourceId(String turnId) {
        return TURN + ":" + turnId;
    }

    public boolean expired(long nowMillis) {
        return expiresAt != null && expiresAt.toEpochMilli() <= nowMillis;
    }
}
