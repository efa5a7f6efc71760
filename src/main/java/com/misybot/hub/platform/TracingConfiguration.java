package com.misybot.hub.platform;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.opentelemetry2.starter.OpenTelemetry2ConfigurationProperties;
import org.apache.camel.telemetry.TraceProcessorsInterceptStrategy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenTelemetry SDK used by camel-opentelemetry2: W3C trace context, OTLP/HTTP export when
 * {@code hub.tracing.otlp-endpoint} is set, and any other {@link SpanExporter} bean (tests add an in-memory one).
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean(destroyMethod = "close")
    OpenTelemetrySdk openTelemetrySdk(HubProperties properties, List<SpanExporter> extraExporters,
                                      @Value("${spring.application.name}") String serviceName,
                                      org.springframework.beans.factory.ObjectProvider<TextMasking> maskings) {
        // personal data in attributes (an exception's message, a URI) is masked before any exporter sees it
        TextMasking masking = maskings.getIfAvailable(() -> TextMasking.NONE);
        SdkTracerProviderBuilder tracerProvider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), serviceName))));
        String endpoint = properties.tracing() == null ? null : properties.tracing().otlpEndpoint();
        if (endpoint != null && !endpoint.isBlank()) {
            tracerProvider.addSpanProcessor(BatchSpanProcessor.builder(new MaskingSpanExporter(
                    OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build(), masking)).build());
        }
        extraExporters.forEach(exporter -> tracerProvider.addSpanProcessor(SimpleSpanProcessor.create(
                new MaskingSpanExporter(exporter, masking))));
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    /**
     * camel-opentelemetry2's tracer, as its starter would make it (which steps aside for this bean), except that
     * whether an endpoint is excluded from tracing ({@code camel.opentelemetry2.exclude-patterns}) is decided once
     * per endpoint URI: Camel decides it again at every span and every route exchange, normalizing the URI and
     * compiling each pattern as a regular expression, which cost more CPU than the spans it saved. And with
     * {@code camel.opentelemetry2.trace-processors} off (the default), processors are not wrapped at all: Camel
     * wraps every processor of every route in an interceptor that builds its span name and an extra callback per
     * call only to find that it has nothing to trace. Like the starter, steps aside when
     * {@code camel.opentelemetry2.enabled} is false.
     */
    @Bean
    @ConditionalOnProperty(name = "camel.opentelemetry2.enabled", matchIfMissing = true)
    OpenTelemetryTracer camelOpenTelemetryTracer(CamelContext camel, OpenTelemetry2ConfigurationProperties options) {
        OpenTelemetryTracer tracer = new OpenTelemetryTracer() {
            // endpoint URIs are few (a toD can make more: beyond the bound, the least used are decided again)
            private final Cache<String, Boolean> excluded = Caffeine.newBuilder().maximumSize(10_000).build();

            @Override
            public boolean exclude(String endpointUri, CamelContext context) {
                if (endpointUri == null || getExcludePatterns() == null) {
                    return false;
                }
                return excluded.get(endpointUri, uri -> super.exclude(uri, context));
            }
        };
        if (options.getExcludePatterns() != null) {
            tracer.setExcludePatterns(options.getExcludePatterns());
        }
        if (options.getTraceProcessors() != null) {
            tracer.setTraceProcessors(options.getTraceProcessors());
        }
        tracer.init(camel);
        if (!tracer.isTraceProcessors()) {
            // init added the interceptor; no route is built yet, so none of their processors is wrapped
            camel.getCamelContextExtension().getInterceptStrategies()
                    .removeIf(TraceProcessorsInterceptStrategy.class::isInstance);
        }
        return tracer;
    }

    @Bean
    Tracer otelTracer(OpenTelemetrySdk sdk) {
        return sdk.getTracer("misybot-hub");
    }

    @Bean
    ContextPropagators otelPropagators(OpenTelemetrySdk sdk) {
        return sdk.getPropagators();
    }
}
