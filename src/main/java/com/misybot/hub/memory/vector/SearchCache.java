package com.misybot.hub.memory.vector;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Short-lived cache of search answers. Keys carry a generation per scope ({@code global}, or {@code session:<id>});
 * a write to a scope bumps its generation, so every cached answer of that scope is unreachable at once (and expires
 * by TTL). In Redis ({@link RedisSearchCache}) when {@code hub.cache.store=redis}, else in memory.
 */
public interface SearchCache {

    String get(String key);

    /** Stores an answer for the cache's TTL ({@code hub.vector.search-cache-ttl}). */
    void put(String key, String answer);

    long generation(String scope);

    void bump(String scope);

    /** After a write: every scope the written documents belong to gets a new generation. */
    default void invalidate(Collection<VectorDocument> written) {
        Set<String> scopes = written.stream()
                .map(d -> d.sessionId() != null ? "session:" + d.sessionId() : SearchRequest.GLOBAL)
                .collect(Collectors.toSet());
        scopes.forEach(this::bump);
    }
}
