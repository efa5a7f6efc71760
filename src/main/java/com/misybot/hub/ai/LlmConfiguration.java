package com.misybot.hub.ai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.OutboundUrlPolicy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The LLM port and its parts, from {@code hub.llm.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmProperties.class)
public class LlmConfiguration {

    @Bean
    PromptTemplates promptTemplates(LlmProperties llm, ResourceLoader resources, ObjectMapper json) {
        return new PromptTemplates(resources, llm.prompts(), json);
    }

    @Bean
    OutputSchemas outputSchemas(HubProperties hub, ResourceLoader resources) {
        return new OutputSchemas(resources, hub.ingress().schemas());
    }

    @Bean
    LlmAccounting llmAccounting(NamedParameterJdbcTemplate jdbc, ResourceLoader resources, MeterRegistry meters,
                                Tracer tracer, LlmProperties llm, ObjectMapper json, AnalyticsFeed analytics) {
        return new LlmAccounting(jdbc, resources, meters, tracer, new LlmPrices(resources, llm.prices()), json,
                analytics);
    }

    /** Budgets in Redis when hub.cache.store=redis (one Lettuce connection of the hub's Redis), else in memory. */
    @Bean(destroyMethod = "close")
    LlmRateLimiterHolder llmRateLimiter(LlmProperties llm, HubProperties hub,
                                        ObjectProvider<RedisConnectionFactory> redis) {
        LlmProperties.RateLimit limits = llm.rateLimit() != null ? llm.rateLimit()
                : new LlmProperties.RateLimit(30, 600);
        if (hub.cache() != null && "redis".equals(hub.cache().store())
                && redis.getIfAvailable() instanceof LettuceConnectionFactory lettuce
                && lettuce.getNativeClient() instanceof RedisClient client) {
            StatefulRedisConnection<String, byte[]> connection =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            ProxyManager<String> proxies = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy
                            .basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
                    .build();
            return new LlmRateLimiterHolder(new LlmRateLimiter(limits, proxies), connection);
        }
        return new LlmRateLimiterHolder(new LlmRateLimiter(limits, null), null);
    }

    @Bean
    LlmPort llmPort(LlmProperties llm, PromptTemplates prompts, OutputSchemas schemas,
                    LlmRateLimiterHolder limiter, LlmAccounting accounting, ObjectMapper json,
                    OutboundUrlPolicy outbound,
                    org.springframework.beans.factory.ObjectProvider<com.misybot.hub.platform.PersonalDataGuard> guard) {
        Map<String, LlmProvider> providers = new HashMap<>();
        providers.put("offline", new OfflineLlmProvider(prompts));
        boolean openAiUsed = "openai".equals(llm.provider()) || (llm.agents() != null && llm.agents().values()
                .stream().anyMatch(a -> "openai".equals(a.provider())));
        if (openAiUsed) {
            providers.put("openai", new OpenAiLlmProvider(llm.openai(), outbound));
        }
        Map<String, CircuitBreaker> breakers = new HashMap<>();
        providers.keySet().forEach(id -> breakers.put(id, breaker(id, llm.breaker())));
        LlmPort port = new LlmPort(llm, providers, breakers, prompts, schemas, limiter.limiter(), accounting, json);
        port.guard(guard.getIfAvailable());
        return port;
    }

    private static CircuitBreaker breaker(String id, LlmProperties.Breaker b) {
        return CircuitBreaker.of("llm-" + id, CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRateThreshold())
                .minimumNumberOfCalls(b.minimumCalls())
                .slidingWindowSize(b.slidingWindow())
                .waitDurationInOpenState(b.openFor())
                // only failures that say the provider is unwell open the breaker (not a 400 for one bad request)
                .recordException(e -> !(e instanceof LlmHttpException h) || h.retriable())
                .build());
    }

    /** The rate limiter and the Redis connection it may own (closed with the context). */
    public record LlmRateLimiterHolder(LlmRateLimiter limiter, StatefulRedisConnection<String, byte[]> connection)
            implements AutoCloseable {
        @Override
        public void close() {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
