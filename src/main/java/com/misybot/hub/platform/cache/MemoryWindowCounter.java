package com.misybot.hub.platform.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link WindowCounter} in this JVM's memory: the embedded default. Expired windows are dropped on access. */
public class MemoryWindowCounter implements WindowCounter {

    private record Window(long count, Instant expiresAt) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    public MemoryWindowCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long increment(String key, Duration window) {
        Instant now = clock.instant();
        return windows.compute(key, (k, w) -> w == null || !w.expiresAt().isAfter(now)
                ? new Window(1, now.plus(window)) : new Window(w.count() + 1, w.expiresAt())).count();
    }

    @Override
    public long count(String key) {
        Window w = live(key);
        return w == null ? 0 : w.count();
    }

    @Override
    public Duration remaining(String key) {
        Window w = live(key);
        return w == null ? Duration.ZERO : Duration.between(clock.instant(), w.expiresAt());
    }

    @Override
    public void reset(String key) {
        windows.remove(key);
    }

    private Window live(String key) {
        Window w = windows.get(key);
        if (w != null && !w.expiresAt().isAfter(clock.instant())) {
            windows.remove(key, w);
            return null;
        }
        return w;
    }
}
