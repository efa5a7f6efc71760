package com.misybot.hub.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.RequiredServices;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis lock behind context updates (SET NX PX + compare-and-delete), against the real Redis. */
@ExtendWith(RequiredServices.class)
class RedisKeyLockIT {

    private final LettuceConnectionFactory factory = connect();
    private final StringRedisTemplate redis = new StringRedisTemplate(factory);
    private final RedisKeyLock lock = new RedisKeyLock(redis);
    private final String key = "hub:test:lock:" + UUID.randomUUID();

    private static LettuceConnectionFactory connect() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 6379);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @AfterEach
    void close() {
        redis.delete(key);
        factory.destroy();
    }

    @Test
    void should_hold_the_key_with_token_and_lease_when_lock_is_taken() {
        // when
        boolean first = lock.tryLock(key, "a", Duration.ofSeconds(5));
        boolean second = lock.tryLock(key, "b", Duration.ofSeconds(5));

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(redis.opsForValue().get(key)).isEqualTo("a");
        assertThat(redis.getExpire(key, TimeUnit.MILLISECONDS)).isBetween(1L, 5000L);
    }

    @Test
    void should_release_only_for_the_owner_token_when_unlocking() {
        // given
        lock.tryLock(key, "owner", Duration.ofSeconds(5));

        // when
        boolean byStranger = lock.unlock(key, "stranger");
        boolean byOwner = lock.unlock(key, "owner");

        // then
        assertThat(byStranger).isFalse();
        assertThat(byOwner).isTrue();
        assertThat(redis.hasKey(key)).isFalse();
    }

    @Test
    void should_free_the_key_when_the_lease_runs_out() throws InterruptedException {
        // given
        lock.tryLock(key, "crashed", Duration.ofMillis(200));

        // when
        Thread.sleep(400);

        // then
        assertThat(lock.tryLock(key, "next", Duration.ofSeconds(5))).isTrue();
    }
}
