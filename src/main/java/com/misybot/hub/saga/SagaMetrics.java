package com.misybot.hub.saga;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Saga metrics: {@code hub.saga.duration} (histogram by saga and outcome), {@code hub.saga.compensations}. */
@Component
public class SagaMetrics {

    private final MeterRegistry registry;

    public SagaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A saga reached a final status; its duration runs from its creation. */
    public void finished(SagaStore.Saga saga, String outcome) {
        Timer.builder("hub.saga.duration").description("Time from a saga's start to its final status")
                .tag("saga", saga.name()).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.between(saga.createdAt(), Instant.now()));
    }

    /** One step's compensation ran to success. */
    public void compensated(String saga, String step) {
        Counter.builder("hub.saga.compensations").description("Compensations run to success, by saga and step")
                .tag("saga", saga).tag("step", step)
                .register(registry).increment();
    }
}
