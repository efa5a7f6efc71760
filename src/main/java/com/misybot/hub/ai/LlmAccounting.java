package com.misybot.hub.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.platform.SqlFiles;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Every LLM call, answered or failed, is accounted three ways: a row {@code llm.call} in {@code agent_event_log}
 * (provider, model, tokens, latency, cost, attempts, outcome), Micrometer metrics ({@code hub.llm.tokens},
 * {@code hub.llm.cost}, {@code hub.llm.latency}) and an OpenTelemetry span with the {@code gen_ai.*} attributes; the
 * accounting row carries the call's analytics event (agent, cost) for analytics-reporter.
 */
public class LlmAccounting {

    private final NamedParameterJdbcTemplate jdbc;
    private final String insert;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final LlmPrices prices;
    private final ObjectMapper json;
    private final AnalyticsFeed analytics;

    public LlmAccounting(NamedParameterJdbcTemplate jdbc, ResourceLoader resources, MeterRegistry meters,
                         Tracer tracer, LlmPrices prices, ObjectMapper json, AnalyticsFeed analytics) {
        this.jdbc = jdbc;
        this.analytics = analytics;
        this.meters = meters;
        this.tracer = tracer;
        this.prices = prices;
        this.json = json;
        this.insert = SqlFiles.load("llm-call-insert.sql");
    }

    public double cost(String model, int inputTokens, int outputTokens) {
        return prices.cost(model, inputTokens, outputTokens);
    }

    public void record(LlmRequest request, LlmResponse response, String outcome) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("provider", response.provider());
        payload.put("model", response.model());
        payload.put("inputTokens", response.inputTokens());
        payload.put("outputTokens", response.outputTokens());
        payload.put("latencyMs", response.latencyMs());
        payload.put("costUsd", response.costUsd());
        payload.put("priced", prices.known(response.model()));
        payload.put("attempts", response.attempts());
        payload.put("repaired", response.repaired());
        payload.put("outcome", outcome);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("agent", request.agent());
        event.put("ownerId", request.userId());
        event.put("costUsd", response.costUsd());
        event.put("outcome", outcome);
        jdbc.update(insert, new MapSqlParameterSource(analytics.event(AnalyticsFeed.LLM_CALL,
                        request.correlationId(), event).params())
                .addValue("sessionId", request.sessionId())
                .addValue("agent", request.agent())
                .addValue("actorId", request.userId())
                .addValue("payload", toJson(payload))
                .addValue("correlationId", request.correlationId()));
        String[] tags = {"agent", request.agent(), "provider", response.provider(), "model", response.model()};
        meters.counter("hub.llm.tokens", with(tags, "type", "input")).increment(response.inputTokens());
        meters.counter("hub.llm.tokens", with(tags, "type", "output")).increment(response.outputTokens());
        meters.counter("hub.llm.cost", tags).increment(response.costUsd());
        Timer.builder("hub.llm.latency").tags(with(tags, "outcome", outcome)).register(meters)
                .record(Duration.ofMillis(response.latencyMs()));
        span(request, response, outcome);
    }

    private void span(LlmRequest request, LlmResponse response, String outcome) {
        Span span = tracer.spanBuilder("chat " + response.model()).setSpanKind(SpanKind.CLIENT).startSpan();
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.system", response.provider());
        span.setAttribute("gen_ai.request.model", response.model());
        span.setAttribute("gen_ai.response.model", response.model());
        span.setAttribute("gen_ai.usage.input_tokens", response.inputTokens());
        span.setAttribute("gen_ai.usage.output_tokens", response.outputTokens());
        span.setAttribute("hub.agent", request.agent());
        span.setAttribute("hub.llm.cost_usd", response.costUsd());
        span.setAttribute("hub.llm.outcome", outcome);
        span.end();
    }

    private static String[] with(String[] tags, String key, String value) {
        String[] all = java.util.Arrays.copyOf(tags, tags.length + 2);
        all[tags.length] = key;
        all[tags.length + 1] = value;
        return all;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
