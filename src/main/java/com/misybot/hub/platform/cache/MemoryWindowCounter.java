package com.misybot.hub.platform.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link WindowCounter} in this JVM's memory: the embedded default. Expired windows are dropped on access, and every
 * {@value #SWEEP_EVERY} increments a sweep drops all expired ones, so one-off keys (a login name tried once) do not
 * pile up for the life of the process.
 */
public class MemoryWindowCounter implements WindowCounter {

    private record Window(long count, Instant expiresAt) {
    }

    static final int SWEEP_EVERY = 1024;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong increments = new java.util.concurrent.atomic.AtomicLong();
    private final Clock clock;

    public MemoryWindowCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long increment(String key, Duration window) {
        Instant now = clock.instant();
        if (increments.incrementAndGet() % SWEEP_EVERY == 0) {
            windows.values().removeIf(w -> !w.expiresAt().isAfter(now));
        }
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

    /** Windows held in memory, expired ones not swept yet included. */
    int size() {
        return windows.size();
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
