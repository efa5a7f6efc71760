package com.misybot.hub.platform.cache;

import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/** {@link KeyLock} in Redis: {@code SET key token NX PX lease}, released by an atomic compare-and-delete script. */
public class RedisKeyLock implements KeyLock {

    private static final RedisScript<Long> COMPARE_AND_DELETE = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""", Long.class);

    private final StringRedisTemplate redis;

    public RedisKeyLock(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public boolean tryLock(String key, String token, Duration lease) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, token, lease));
    }

    @Override
    public boolean unlock(String key, String token) {
        Long deleted = redis.execute(COMPARE_AND_DELETE, List.of(key), token);
        return deleted != null && deleted == 1;
    }
}
