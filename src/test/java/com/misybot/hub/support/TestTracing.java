package com.misybot.hub.support;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Collects the spans camel-opentelemetry2 produces, so tests can assert on them. */
@TestConfiguration(proxyBeanMethods = false)
public class TestTracing {

    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
