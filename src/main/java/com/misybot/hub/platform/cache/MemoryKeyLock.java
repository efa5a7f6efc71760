package com.misybot.hub.platform.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link KeyLock} in this JVM's memory (embedded default), with the same token and lease rules as Redis. */
public class MemoryKeyLock implements KeyLock {

    private record Holder(String token, Instant expiresAt) {
    }

    private final Map<String, Holder> holders = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryKeyLock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean tryLock(String key, String token, Duration lease) {
        Instant now = clock.instant();
        Holder mine = new Holder(token, now.plus(lease));
        return holders.compute(key, (k, h) -> h == null || !h.expiresAt().isAfter(now) ? mine : h) == mine;
    }

    @Override
    public boolean unlock(String key, String token) {
        Holder h = holders.get(key);
        return h != null && h.token().equals(token) && holders.remove(key, h);
    }
}
