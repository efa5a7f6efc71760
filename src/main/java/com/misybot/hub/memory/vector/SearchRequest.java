package com.misybot.hub.memory.vector;

import java.util.Map;
import java.util.Set;

/** A validated {@code POST /api/v1/search} request; {@code ownerId} is set for session scope from the session's owner. */
public record SearchRequest(String query, String collection, String scope, String sessionId, Set<String> kinds,
                            int topK, Double minScore, boolean exact, String agent, Map<String, String> metadata,
                            String ownerId, String mode, Double minConfidence) {

    public static final String SESSION = "session";
    public static final String GLOBAL = "global";
    /** Nearest neighbours of the query's embedding (the default). */
    public static final String DENSE = "dense";
    /** BM25 over the documents' text. */
    public static final String LEXICAL = "lexical";
    /** Dense and lexical results fused by reciprocal rank. */
    public static final String HYBRID = "hybrid";

    public boolean isSessionScoped() {
        return SESSION.equals(scope);
    }

    public SearchRequest withOwner(String owner) {
        return new SearchRequest(query, collection, scope, sessionId, kinds, topK, minScore, exact, agent, metadata,
                owner, mode, minConfidence);
    }
}
