package com.misybot.hub.memory.vector;

import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@link SearchCache} in Redis, shared by replicas: answers under {@code hub:search:a:*}, generations under {@code hub:search:gen:*}. */
public class RedisSearchCache implements SearchCache {

    private static final String ANSWER = "hub:search:a:";
    private static final String GENERATION = "hub:search:gen:";

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public RedisSearchCache(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    @Override
    public String get(String key) {
        return redis.opsForValue().get(ANSWER + key);
    }

    @Override
    public void put(String key, String answer) {
        redis.opsForValue().set(ANSWER + key, answer, ttl);
    }

    @Override
    public long generation(String scope) {
        String value = redis.opsForValue().get(GENERATION + scope);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public void bump(String scope) {
        redis.opsForValue().increment(GENERATION + scope);
    }
}
