package com.misybot.hub.memory.vector;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link SearchCache} of one JVM (embedded default): at most {@value #MAX_ENTRIES} answers, least recently used out. */
public class MemorySearchCache implements SearchCache {

    private static final int MAX_ENTRIES = 10_000;

    private record Entry(String answer, long expiresAt) {
    }

    private final Clock clock;
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Entry> answers = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public MemorySearchCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized String get(String key) {
        Entry entry = answers.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAt() <= clock.millis()) {
            answers.remove(key);
            return null;
        }
        return entry.answer();
    }

    @Override
    public synchronized void put(String key, String answer, Duration ttl) {
        answers.put(key, new Entry(answer, clock.millis() + ttl.toMillis()));
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
