package com.misybot.hub.memory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The store behind the {@code context-cache-*} routes: Redis (services profile) or Caffeine (embedded default).
 * The Redis template keeps values as raw bytes: compressed entries are gzip, which is not UTF-8 text, so
 * {@code stringRedisTemplate} would corrupt them (and JDK serialization, the component's default, is opaque).
 */
@Configuration(proxyBeanMethods = false)
public class ContextCacheConfiguration {

    /** Most sessions kept by the in-process cache; the least recently used go first. */
    private static final long MEMORY_MAX_ENTRIES = 10_000;

    @Bean
    @ConditionalOnProperty(prefix = "hub.cache", name = "store", havingValue = "redis")
    RedisTemplate<String, byte[]> contextRedisTemplate(RedisConnectionFactory connections) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setEnableDefaultSerializer(false);
        template.afterPropertiesSet();
        return template;
    }

    @Bean
    @ConditionalOnProperty(prefix = "hub.cache", name = "store", havingValue = "memory", matchIfMissing = true)
    MemoryContextCache memoryContextCache(ContextProperties properties) {
        return new MemoryContextCache(properties.cacheTtl(), MEMORY_MAX_ENTRIES);
    }
}
