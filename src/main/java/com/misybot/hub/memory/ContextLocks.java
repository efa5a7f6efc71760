package com.misybot.hub.memory;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.cache.KeyLock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The per-session writer lock around a context read-modify-write. Waits at most {@code hub.context.lock-wait};
 * then the request is refused with 503 and Retry-After: the lock is held by a writer that is still working (or
 * died and its lease has not run out yet), which is a transient condition of the hub, not a conflict in the
 * client's data, so the client should retry the same request rather than re-read (a stale version is 409).
 */
@Component("contextLocks")
public class ContextLocks {

    private static final long MAX_BACKOFF_MILLIS = 50;

    private final KeyLock lock;
    private final ContextProperties properties;

    public ContextLocks(KeyLock lock, ContextProperties properties) {
        this.lock = lock;
        this.properties = properties;
    }

    /** Takes the session's lock and returns the owner token to release it with. */
    public String acquire(@Variable("sessionId") String sessionId) {
        String key = properties.lockKey(ContextCommands.checkSessionId(sessionId));
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + properties.lockWait().toNanos();
        long backoff = 2;
        while (!lock.tryLock(key, token, properties.lockTtl())) {
            if (System.nanoTime() - deadline >= 0) {
                throw new ProblemException(ProblemType.UNAVAILABLE, "Another update of this session's context is "
                        + "in progress; retry shortly.", null, Duration.ofSeconds(1));
            }
            sleep(ThreadLocalRandom.current().nextLong(1, backoff + 1));
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
        return token;
    }

    /** Releases the lock if {@code token} still owns it. */
    public void release(@Variable("sessionId") String sessionId, @Variable("lockToken") String token) {
        if (token != null) {
            lock.unlock(properties.lockKey(sessionId), token);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted while waiting for the context lock.");
        }
    }
}
