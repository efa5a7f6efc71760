package com.misybot.hub.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * The context cache of the embedded default ({@code hub.cache.store=memory}): Caffeine in this JVM, same keys,
 * stored bytes and TTL as the Redis cache, called by the same {@code context-cache-*} routes.
 */
public class MemoryContextCache {

    /** Header carrying the cache key (the same one the Redis endpoint reads). */
    public static final String KEY = "CamelRedis.Key";

    private final Cache<String, byte[]> cache;

    public MemoryContextCache(Duration ttl, long maxEntries) {
        this(ttl, maxEntries, Ticker.systemTicker());
    }

    MemoryContextCache(Duration ttl, long maxEntries, Ticker ticker) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).ticker(ticker)
                .executor(Runnable::run).build();
    }

    public byte[] get(@Header(KEY) String key) {
        return cache.getIfPresent(key);
    }

    public void put(@Header(KEY) String key, @Body byte[] stored) {
        cache.put(key, stored);
    }

    public void evict(@Header(KEY) String key) {
        cache.invalidate(key);
    }
}
