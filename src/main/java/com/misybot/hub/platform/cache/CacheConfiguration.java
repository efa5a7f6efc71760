package com.misybot.hub.platform.cache;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Chooses where counters live: {@code hub.cache.store=redis} (services profile) or memory (embedded default). */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WindowCounter windowCounter(@Value("${hub.cache.store:memory}") String store,
                                ObjectProvider<StringRedisTemplate> redis, Clock clock) {
        if ("redis".equals(store)) {
            StringRedisTemplate template = redis.getIfAvailable();
            if (template == null) {
                throw new IllegalStateException(
                        "hub.cache.store=redis but Redis is not configured: set spring.data.redis.url (HUB_REDIS_URL)");
            }
            return new RedisWindowCounter(template, "hub:counter:");
        }
        return new MemoryWindowCounter(clock);
    }
}
