package com.misybot.hub.platform.cache;

import java.time.Duration;

/**
 * Fixed-window counters (failed logins, later rate limits): in memory for one JVM, in Redis when replicas must
 * share them ({@code hub.cache.store}).
 */
public interface WindowCounter {

    /** Adds one to {@code key}; the window starts with the first increment and lasts {@code window}. */
    long increment(String key, Duration window);

    /** Current count of {@code key} (0 when absent or expired). */
    long count(String key);

    /** Time left in the key's window, zero when absent. */
    Duration remaining(String key);

    void reset(String key);
}
