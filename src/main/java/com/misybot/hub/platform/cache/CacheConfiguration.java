package com.misybot.hub.platform.cache;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import com.misybot.hub.platform.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Chooses where counters and key locks live: {@code hub.cache.store=redis} (services profile) or memory (embedded
 * default).
 */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    WindowCounter windowCounter(HubProperties properties, ObjectProvider<StringRedisTemplate> redis, Clock clock) {
        if ("redis".equals(store(properties))) {
            return new RedisWindowCounter(required(redis), "hub:counter:");
        }
        return new MemoryWindowCounter(clock);
    }

    @Bean
    KeyLock keyLock(HubProperties properties, ObjectProvider<StringRedisTemplate> redis, Clock clock) {
        return "redis".equals(store(properties)) ? new RedisKeyLock(required(redis)) : new MemoryKeyLock(clock);
    }

    public static String store(HubProperties properties) {
        return properties.cache() == null ? "memory" : properties.cache().store();
    }

    public static StringRedisTemplate required(ObjectProvider<StringRedisTemplate> redis) {
        StringRedisTemplate template = redis.getIfAvailable();
        if (template == null) {
            throw new IllegalStateException(
                    "hub.cache.store=redis but Redis is not configured: set spring.data.redis.url (HUB_REDIS_URL)");
        }
        return template;
    }
}
