package com.misybot.hub.platform;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;

/**
 * DLP for traces: every string attribute of a span and of its events (an exception's message, for instance) passes
 * {@link TextMasking} before the span reaches its exporter (OTLP, or the tests' in-memory one).
 */
public class MaskingSpanExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final TextMasking masking;

    public MaskingSpanExporter(SpanExporter delegate, TextMasking masking) {
        this.delegate = delegate;
        this.masking = masking;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return delegate.export(spans.stream().map(this::masked).toList());
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }

    private SpanData masked(SpanData span) {
        Attributes attributes = mask(span.getAttributes());
        List<EventData> events = span.getEvents().stream().map(e -> EventData.create(e.getEpochNanos(), e.getName(),
                mask(e.getAttributes()), e.getTotalAttributeCount())).toList();
        return new DelegatingSpanData(span) {
            @Override
            public Attributes getAttributes() {
                return attributes;
            }

            @Override
            public List<EventData> getEvents() {
                return events;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private Attributes mask(Attributes attributes) {
        if (attributes.isEmpty()) {
            return attributes;
        }
        AttributesBuilder out = Attributes.builder();
        attributes.forEach((key, value) -> {
            if (value instanceof String text) {
                out.put((AttributeKey<String>) key, masking.mask(text));
            } else {
                out.put((AttributeKey<Object>) key, value);
            }
        });
        return out.build();
    }
}
