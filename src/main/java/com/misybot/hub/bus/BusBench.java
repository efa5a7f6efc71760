package com.misybot.hub.bus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Bench profile only: publishes N envelopes of a given size to the agent {@code bench-sink} through the hub's bus
 * (sink kamelet, schema validation, publisher confirms) from P concurrent publishers, and waits until the
 * {@code bench-sink} agent route (source kamelet, validation, idempotent consumer, acks) has received them all.
 */
@Component("busBench")
@ConditionalOnProperty(name = "hub.bench.bus-enabled", havingValue = "true")
public class BusBench {

    static final String AGENT = "bench-sink";

    private final ProducerTemplate producer;
    private final EnvelopeCodec envelopes;
    private final LongAdder received = new LongAdder();

    public BusBench(ProducerTemplate producer, EnvelopeCodec envelopes) {
        this.producer = producer;
        this.envelopes = envelopes;
    }

    /** Called by the bench-sink agent route for every delivered message. */
    public void receive() {
        received.increment();
    }

    public Map<String, Object> run(@Header("messages") Integer messages, @Header("size") Integer size,
                                   @Header("publishers") Integer publishers) throws Exception {
        int n = messages == null ? 10_000 : messages;
        int bytes = size == null ? 1024 : size;
        int threads = publishers == null ? 64 : publishers;
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(envelope(bytes));
        }
        long target = received.sum() + n;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            sends.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) {
                    producer.sendBody("kamelet:agent-bus-sink?agent=" + AGENT, bodies.get(i));
                }
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        double published = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        while (received.sum() < target && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
            Thread.sleep(5);
        }
        double total = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("messages", n);
        result.put("messageBytes", bodies.get(0).length());
        result.put("publishers", threads);
        result.put("publishSeconds", published);
        result.put("totalSeconds", total);
        result.put("received", received.sum() - (target - n));
        result.put("sentRate", n / published);
        result.put("receivedRate", n / total);
        return result;
    }

    /** An envelope whose JSON text is about {@code bytes} long (the payload is padded). */
    private String envelope(int bytes) {
        Envelope empty = new Envelope(UUID.randomUUID().toString(), "bench.message", 1, AGENT, "bench",
                "bench", null, Envelope.DEFAULT_PRIORITY, Instant.now().toString(), Map.of("pad", ""));
        int padding = Math.max(0, bytes - envelopes.toJson(empty).length());
        return envelopes.toJson(new Envelope(empty.messageId(), empty.type(), 1, AGENT, "bench", "bench", null,
                Envelope.DEFAULT_PRIORITY, empty.createdAt(), Map.of("pad", "x".repeat(padding))));
    }
}
