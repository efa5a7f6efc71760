package com.misybot.hub.ai;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * LLM call budgets (Bucket4j token buckets refilled per minute): one per user and one for the whole hub. In Redis
 * (shared by replicas) when a {@link ProxyManager} is given, else in this JVM. Past a budget: 429 with Retry-After.
 */
public class LlmRateLimiter {

    private static final String GLOBAL = "hub:llm:rate:global";
    private static final String USER = "hub:llm:rate:user:";

    private final BucketConfiguration perUser;
    private final BucketConfiguration global;
    private final Function<String, Bucket> buckets;

    public LlmRateLimiter(LlmProperties.RateLimit limits, ProxyManager<String> redis) {
        this.perUser = perMinute(limits.perUserPerMinute());
        this.global = perMinute(limits.globalPerMinute());
        if (redis != null) {
            this.buckets = key -> redis.builder().build(key, () -> key.equals(GLOBAL) ? global : perUser);
        } else {
            Map<String, Bucket> local = new ConcurrentHashMap<>();
            this.buckets = key -> local.computeIfAbsent(key, k -> Bucket.builder()
                    .addLimit((k.equals(GLOBAL) ? global : perUser).getBandwidths()[0]).build());
        }
    }

    /** Takes one call from the user's and the global budget, or refuses with 429. */
    public void acquire(String userId) {
        take(buckets.apply(USER + (userId == null ? "anonymous" : userId)), "your");
        take(buckets.apply(GLOBAL), "the hub's");
    }

    private static void take(Bucket bucket, String whose) {
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many AI requests: " + whose
                    + " budget is used up; retry in " + Math.max(1, wait.toSeconds()) + " s.", null, wait);
        }
    }

    private static BucketConfiguration perMinute(long calls) {
        return BucketConfiguration.builder().addLimit(limit -> limit.capacity(calls)
                .refillGreedy(calls, Duration.ofMinutes(1))).build();
    }
}
