package com.misybot.hub.memory.vector;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link SearchCache} of one JVM (embedded default): Caffeine, at most {@value #MAX_ENTRIES} answers. */
public class MemorySearchCache implements SearchCache {

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Cache<String, String> answers;

    public MemorySearchCache(Duration ttl) {
        this.answers = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_ENTRIES).build();
    }

    @Override
    public String get(String key) {
        return answers.getIfPresent(key);
    }

    @Override
    public void put(String key, String answer) {
        answers.put(key, answer);
    }

    @Override
    public long generation(String scope) {
        AtomicLong g = generations.get(scope);
        return g == null ? 0 : g.get();
    }

    @Override
    public void bump(String scope) {
        generations.computeIfAbsent(scope, s -> new AtomicLong()).incrementAndGet();
    }
}
