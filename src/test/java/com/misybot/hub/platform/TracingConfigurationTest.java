package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.opentelemetry2.starter.OpenTelemetry2AutoConfiguration;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.telemetry.TraceProcessorsInterceptStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's Camel tracer: the processor interceptor is left out when processor spans are off (it only cost CPU), put
 * in when they are on, and {@code camel.opentelemetry2.enabled=false} starts without a tracer rather than failing.
 */
class TracingConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenTelemetry2AutoConfiguration.class))
            .withUserConfiguration(Camel.class, TracingConfiguration.class)
            .withPropertyValues("spring.application.name=tracing-test");

    @Test
    void should_not_wrap_processors_when_processor_spans_are_off() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OpenTelemetryTracer.class);
            CamelContext camel = context.getBean(CamelContext.class);
            assertThat(camel.getCamelContextExtension().getInterceptStrategies())
                    .noneMatch(TraceProcessorsInterceptStrategy.class::isInstance);
            // routes still run and are traced as routes
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:traced").routeId("traced").setBody(simple("hello ${body}"));
                }
            });
            camel.start();
            try {
                assertThat(camel.createProducerTemplate().requestBody("direct:traced", "world", String.class))
                        .isEqualTo("hello world");
            } finally {
                camel.stop();
            }
        });
    }

    @Test
    void should_wrap_processors_when_processor_spans_are_on() {
        runner.withPropertyValues("camel.opentelemetry2.trace-processors=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CamelContext.class).getCamelContextExtension().getInterceptStrategies())
                    .anyMatch(TraceProcessorsInterceptStrategy.class::isInstance);
        });
    }

    @Test
    void should_start_without_a_tracer_when_tracing_is_disabled() {
        runner.withPropertyValues("camel.opentelemetry2.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(OpenTelemetryTracer.class);
            assertThat(context.getBean(CamelContext.class).getCamelContextExtension().getInterceptStrategies())
                    .extracting(InterceptStrategy::getClass).doesNotContain(TraceProcessorsInterceptStrategy.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HubProperties.class)
    static class Camel {
        @Bean(destroyMethod = "close")
        CamelContext camelContext() {
            return new DefaultCamelContext();
        }
    }
}
