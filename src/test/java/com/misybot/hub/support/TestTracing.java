package com.misybot.hub.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Collects the spans camel-opentelemetry2 produces, so tests can assert on them. */
@TestConfiguration(proxyBeanMethods = false)
public class TestTracing {

    @Bean
    RecentSpans recentSpans() {
        return new RecentSpans(20_000);
    }

    /**
     * The most recent finished spans. Not OpenTelemetry's InMemorySpanExporter: that one keeps every span, and a hub
     * context cached by Spring's test framework produces spans from its timers for the whole suite (123,000 spans,
     * hundreds of MB, kept by one context in a run that ran out of heap).
     */
    public static final class RecentSpans implements SpanExporter {

        private final int capacity;
        private final ArrayDeque<SpanData> spans = new ArrayDeque<>();

        RecentSpans(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> batch) {
            for (SpanData span : batch) {
                if (spans.size() == capacity) {
                    spans.removeFirst();
                }
                spans.addLast(span);
            }
            return CompletableResultCode.ofSuccess();
        }

        /** The spans finished since the last {@link #reset()}, oldest first (at most the capacity). */
        public synchronized List<SpanData> getFinishedSpanItems() {
            return List.copyOf(spans);
        }

        public synchronized void reset() {
            spans.clear();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
