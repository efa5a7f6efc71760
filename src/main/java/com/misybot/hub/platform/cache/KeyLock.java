package com.misybot.hub.platform.cache;

import java.time.Duration;

/**
 * Mutual exclusion on a key with an owner token and a lease: in memory for one JVM, in Redis when replicas must
 * share it ({@code hub.cache.store}). A lease that runs out frees the key even if its owner died.
 */
public interface KeyLock {

    /** Takes {@code key} for {@code token} unless someone else holds it; never waits. */
    boolean tryLock(String key, String token, Duration lease);

    /** Frees {@code key} only if {@code token} still owns it (an expired and re-taken lock is left alone). */
    boolean unlock(String key, String token);
}
