package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.platform.MaskingSpanExporter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** DLP of telemetry: span attributes and events, and metric tags, leave the hub with PII written as its type. */
class TelemetryMaskingTest {

    @Test
    void should_mask_pii_in_span_attributes_and_exception_events_before_export() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(
                new MaskingSpanExporter(exported, new PrivacyConfiguration().textMasking()))).build();
        Span started = tracing.get("test").spanBuilder("direct://x").startSpan();
        started.setAttribute("camel.uri", "direct://x?to=olga.petrenko@example.net");
        started.setAttribute("http.status_code", 500L);
        started.recordException(new IllegalStateException("card 4929050988424425 refused"));
        started.end();

        // read before the provider shuts down (the in-memory exporter forgets its spans then)
        SpanData span = exported.getFinishedSpanItems().get(0);
        tracing.close();
        assertThat(span.getAttributes().get(AttributeKey.stringKey("camel.uri")))
                .isEqualTo("direct://x?to=⟦EMAIL_ADDRESS⟧");
        assertThat(span.getAttributes().get(AttributeKey.longKey("http.status_code"))).isEqualTo(500L);
        assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.message")))
                .isEqualTo("card ⟦CREDIT_CARD⟧ refused");
        assertThat(span.toString()).doesNotContain("olga.petrenko").doesNotContain("4929050988424425");
    }

    @Test
    void should_write_a_metric_tag_holding_pii_as_its_type() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        meters.config().meterFilter(new PrivacyConfiguration().maskingMeterFilter());
        meters.counter("hub.test", "recipient", "olga.petrenko@example.net", "agent", "front-desk").increment();

        assertThat(meters.get("hub.test").counter().getId().getTag("recipient")).isEqualTo("⟦EMAIL_ADDRESS⟧");
        assertThat(meters.get("hub.test").counter().getId().getTag("agent")).isEqualTo("front-desk");
    }
}
