package com.misybot.hub.ai;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.llm.*}: provider, model settings (with per-agent overrides), resilience, rate limits, prices, prompts. */
@ConfigurationProperties(prefix = "hub.llm")
public record LlmProperties(@DefaultValue("offline") String provider,
                            OpenAi openai,
                            Map<String, Agent> agents,
                            Retry retry,
                            Breaker breaker,
                            RateLimit rateLimit,
                            @DefaultValue("classpath:config/llm-prices.yaml") String prices,
                            @DefaultValue("classpath:config/prompts") String prompts) {

    /** An OpenAI-compatible endpoint (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM). The key only from the environment. */
    public record OpenAi(@DefaultValue("https://api.openai.com/v1") String baseUrl, String apiKey,
                         @DefaultValue("gpt-4o-mini") String model, @DefaultValue("0.7") double temperature,
                         @DefaultValue("800") int maxTokens, @DefaultValue("PT30S") Duration timeout) {
    }

    /** Per-agent overrides; null fields fall back to the provider's settings. */
    public record Agent(String provider, String model, Double temperature, Integer maxTokens, Duration timeout) {
    }

    /** Retries on 429, 5xx and timeouts: attempts in all, exponential backoff, never shorter than Retry-After. */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("PT0.5S") Duration initialBackoff,
                        @DefaultValue("PT10S") Duration maxBackoff) {
    }

    /** Circuit breaker per provider: opens at this failure rate over the last calls, stays open this long. */
    public record Breaker(@DefaultValue("50") float failureRateThreshold, @DefaultValue("4") int minimumCalls,
                          @DefaultValue("10") int slidingWindow, @DefaultValue("PT30S") Duration openFor) {
    }

    /** Calls per minute per user and for the whole hub (Bucket4j; in Redis when hub.cache.store=redis). */
    public record RateLimit(@DefaultValue("30") long perUserPerMinute, @DefaultValue("600") long globalPerMinute) {
    }
}
