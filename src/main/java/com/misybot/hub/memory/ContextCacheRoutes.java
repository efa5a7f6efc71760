package com.misybot.hub.memory;

import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.cache.CacheConfiguration;
import java.util.List;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.redis.RedisConstants;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * The context cache as routes: {@code context-cache-get} (body: the stored bytes, or null), {@code context-cache-put}
 * (body: the bytes to store for hub.context.cache-ttl) and {@code context-cache-evict}, each keyed by the variable
 * {@code sessionId}. Redis through camel-spring-redis when {@code hub.cache.store=redis}, else the in-process cache.
 */
@Component
public class ContextCacheRoutes extends RouteBuilder {

    /** The connection comes from the template (spring.data.redis.url); the URI path is only a label. */
    private static final String REDIS = "spring-redis:context-cache?redisTemplate=#contextRedisTemplate";
    private static final String KEY = "{{hub.context.key-prefix}}bundle:${variable.sessionId}";

    private static final String CALLER_BODY = "contextCacheCallerBody";

    /**
     * Drops the {@code CamelRedis.*} headers set here, by prefix: {@code removeHeaders("CamelRedis.*")} tries that
     * pattern as a regular expression, compiled anew, against every other header of the message on every call.
     */
    private static final Processor DROP_REDIS_HEADERS = exchange -> exchange.getMessage().getHeaders().keySet()
            .removeIf(name -> name.startsWith("CamelRedis."));

    private final boolean redis;
    private final long ttlSeconds;

    public ContextCacheRoutes(HubProperties hub, ContextProperties context) {
        this.redis = "redis".equals(CacheConfiguration.store(hub));
        this.ttlSeconds = context.cacheTtl().toSeconds();
    }

    @Override
    public void configure() {
        // a cache failure goes back to the caller's error handling like any other store failure
        errorHandler(noErrorHandler());

        RouteDefinition get = from("direct:context-cache-get").routeId("context-cache-get")
                .setHeader(RedisConstants.KEY, simple(KEY));
        if (redis) {
            get.setHeader(RedisConstants.COMMAND, constant("GET")).to(REDIS);
        } else {
            get.bean("memoryContextCache", "get");
        }
        get.process(DROP_REDIS_HEADERS);

        // SETEX: value and TTL in one command, so no entry ever lives without expiry
        RouteDefinition put = from("direct:context-cache-put").routeId("context-cache-put")
                .setVariable(CALLER_BODY, body())
                .setHeader(RedisConstants.KEY, simple(KEY));
        if (redis) {
            put.setHeader(RedisConstants.COMMAND, constant("SETEX"))
                    .setHeader(RedisConstants.VALUE, body())
                    .setHeader(RedisConstants.TIMEOUT, constant(ttlSeconds))
                    .to(REDIS);
        } else {
            put.bean("memoryContextCache", "put");
        }
        put.process(DROP_REDIS_HEADERS).setBody(variable(CALLER_BODY));

        // put and evict hand the caller's body back unchanged (a Redis write command may replace it)
        RouteDefinition evict = from("direct:context-cache-evict").routeId("context-cache-evict")
                .setVariable(CALLER_BODY, body())
                .setHeader(RedisConstants.KEY, simple(KEY));
        if (redis) {
            evict.setHeader(RedisConstants.COMMAND, constant("DEL"))
                    .process(e -> e.getMessage().setHeader(RedisConstants.KEYS,
                            List.of(e.getMessage().getHeader(RedisConstants.KEY))))
                    .to(REDIS);
        } else {
            evict.bean("memoryContextCache", "evict");
        }
        evict.process(DROP_REDIS_HEADERS).setBody(variable(CALLER_BODY));
    }
}
