package com.misybot.hub.memory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/** Counts context cache lookups as {@code hub.context.cache{result=hit|miss}}. */
@Component("contextCacheMetrics")
public class ContextCacheMetrics {

    public static final String NAME = "hub.context.cache";

    private final Counter hits;
    private final Counter misses;

    public ContextCacheMetrics(MeterRegistry meters) {
        this.hits = Counter.builder(NAME).tag("result", "hit").description("Context bundle cache lookups")
                .register(meters);
        this.misses = Counter.builder(NAME).tag("result", "miss").description("Context bundle cache lookups")
                .register(meters);
    }

    /** Records the lookup whose result (stored bytes, or null) is the body. */
    public void record(@Body byte[] cached) {
        (cached == null ? misses : hits).increment();
    }
}
