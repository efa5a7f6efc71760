package com.misybot.hub.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.RequiredServices;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The shared (Redis) counter behind login throttling, against the real Redis. */
@ExtendWith(RequiredServices.class)
class RedisWindowCounterIT {

    private final LettuceConnectionFactory factory = connect();
    private final StringRedisTemplate redis = new StringRedisTemplate(factory);
    private final RedisWindowCounter counter = new RedisWindowCounter(redis, "hub:test:" + UUID.randomUUID() + ":");

    private static LettuceConnectionFactory connect() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 6379);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @AfterEach
    void close() {
        factory.destroy();
    }

    @Test
    void should_count_within_window_and_expire_with_it() throws InterruptedException {
        assertThat(counter.increment("k", Duration.ofMillis(400))).isEqualTo(1);
        assertThat(counter.increment("k", Duration.ofMillis(400))).isEqualTo(2);
        assertThat(counter.count("k")).isEqualTo(2);
        assertThat(counter.remaining("k")).isPositive().isLessThanOrEqualTo(Duration.ofMillis(400));

        Thread.sleep(600);

        assertThat(counter.count("k")).isZero();
        assertThat(counter.remaining("k")).isZero();
    }

    @Test
    void should_reset_key() {
        counter.increment("r", Duration.ofMinutes(1));
        counter.reset("r");

        assertThat(counter.count("r")).isZero();
    }
}
