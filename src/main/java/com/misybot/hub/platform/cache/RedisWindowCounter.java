package com.misybot.hub.platform.cache;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** {@link WindowCounter} in Redis, shared by all replicas: INCR, with the expiry set atomically on the first hit. */
public class RedisWindowCounter implements WindowCounter {

    private static final RedisScript<Long> INCREMENT = new DefaultRedisScript<>("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""", Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;

    public RedisWindowCounter(StringRedisTemplate redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public long increment(String key, Duration window) {
        Long n = redis.execute(INCREMENT, List.of(prefix + key), String.valueOf(window.toMillis()));
        return n == null ? 0 : n;
    }

    @Override
    public long count(String key) {
        String value = redis.opsForValue().get(prefix + key);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public Duration remaining(String key) {
        Long ms = redis.getExpire(prefix + key, java.util.concurrent.TimeUnit.MILLISECONDS);
        return ms == null || ms < 0 ? Duration.ZERO : Duration.ofMillis(ms);
    }

    @Override
    public void reset(String key) {
        redis.delete(prefix + key);
    }
}
