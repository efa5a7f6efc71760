package com.misybot.hub.memory;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Typed view of {@code hub.context.*} (declared and commented in application.yaml). Out-of-range values stop the
 * start with a message naming the key, so a mistyped TTL never silently disables or pins the cache.
 */
@ConfigurationProperties(prefix = "hub.context")
public record ContextProperties(@DefaultValue("PT10M") Duration cacheTtl,
                                @DefaultValue("8KB") DataSize compressThreshold,
                                @DefaultValue("hub:context:") String keyPrefix,
                                @DefaultValue("PT10S") Duration lockTtl,
                                @DefaultValue("PT2S") Duration lockWait) {

    static final Duration MIN_CACHE_TTL = Duration.ofMinutes(5);
    static final Duration MAX_CACHE_TTL = Duration.ofMinutes(15);

    public ContextProperties {
        if (cacheTtl.compareTo(MIN_CACHE_TTL) < 0 || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("hub.context.cache-ttl must be between 5 and 15 minutes (PT5M..PT15M), "
                    + "got " + cacheTtl + "; set HUB_CONTEXT_CACHE_TTL to a value in that range");
        }
        if (compressThreshold.toBytes() < 0) {
            throw new IllegalArgumentException("hub.context.compress-threshold must not be negative, got "
                    + compressThreshold);
        }
        if (lockTtl.isNegative() || lockTtl.isZero() || lockWait.isNegative()) {
            throw new IllegalArgumentException("hub.context.lock-ttl must be positive and hub.context.lock-wait "
                    + "not negative, got lock-ttl=" + lockTtl + ", lock-wait=" + lockWait);
        }
    }

    /** Key of a session's cached bundle. */
    public String bundleKey(String sessionId) {
        return keyPrefix + "bundle:" + sessionId;
    }

    /** Key of a session's writer lock. */
    public String lockKey(String sessionId) {
        return keyPrefix + "lock:" + sessionId;
    }
}
