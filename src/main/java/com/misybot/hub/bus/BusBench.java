package com.misybot.hub.bus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.web.QueryParams;
import com.misybot.hub.platform.ProblemType;
import org.apache.camel.Header;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Bench profile only: publishes N envelopes of a given size to the bench agent ({@code hub.bench.bus-agent}) through the hub's bus
 * (sink kamelet, schema validation, publisher confirms) from P publisher threads (default 1) that keep at most W
 * sends unconfirmed (the confirm window, default 64; a send completes when the broker confirmed it), and waits until
 * bench agent's route (source kamelet, validation, idempotent consumer, acks) has received them all.
 *
 * <p>The two halves apart (bench/bus.sh pauses the bench agent through the admin API first): {@code phased=true}
 * publishes without waiting for the messages to arrive (the publish rate while nothing is consumed, as PerfTest's
 * publisher alone); after the agent is resumed, {@code drain=true} waits until they have all arrived (the consume
 * rate from a full queue).
 *
 * <p>{@code step=floor|validated|idempotent} sends through a step below the hub's whole path instead
 * ({@link BusBenchSteps}: what each guarantee costs); the default, {@code hub}, is the whole path.
 */
@Component("busBench")
@ConditionalOnProperty(name = "hub.bench.bus-enabled", havingValue = "true")
public class BusBench {

    /** At most this many bytes of bodies per run: they are all built in memory before the first send. */
    static final long MAX_RUN_BYTES = 512L << 20;

    private final CamelContext camel;
    private final String agent;
    private final EnvelopeCodec envelopes;
    private final LongAdder received = new LongAdder();
    /** Phased run: the count {@link #received} reaches once its messages have all arrived, and how many they are. */
    private volatile long drainTarget = -1;
    private volatile long drainMessages;

    public BusBench(CamelContext camel, EnvelopeCodec envelopes, @Value("${hub.bench.bus-agent}") String agent) {
        this.camel = camel;
        this.agent = agent;
        this.envelopes = envelopes;
    }

    /** Called by the bench agent's route for every delivered message. */
    public void receive() {
        received.increment();
    }

    /** Query parameters arrive as text: a value that is not a number or a boolean is a 400, not a binding error. */
    public Map<String, Object> run(@Header("messages") String messages, @Header("size") String size,
                                   @Header("publishers") String publishers, @Header("window") String window,
                                   @Header("phased") String phasedParameter, @Header("drain") String drainParameter,
                                   @Header("step") String step)
            throws Exception {
        boolean phased = QueryParams.flag(phasedParameter, "phased");
        boolean drain = QueryParams.flag(drainParameter, "drain");
        if (drain) {
            return drain();
        }
        String path = step == null || step.isBlank() ? "hub" : step;
        if (!path.equals("hub") && !BusBenchSteps.STEPS.contains(path)) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "step must be hub or one of " + BusBenchSteps.STEPS + ", not '" + step + "'.");
        }
        int n = QueryParams.integer(messages, "messages", 1, 1_000_000, 10_000);
        int bytes = QueryParams.integer(size, "size", 1, 1 << 20, 1024);
        if ((long) n * bytes > MAX_RUN_BYTES) {
            // every body is built before the run starts
            throw new ProblemException(ProblemType.BAD_REQUEST, "messages x size must stay within "
                    + MAX_RUN_BYTES + " bytes, not " + (long) n * bytes + ".");
        }
        int threads = QueryParams.integer(publishers, "publishers", 1, 256, 1);
        int confirmWindow = QueryParams.integer(window, "window", 1, 100_000, 64);
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(envelope(bytes));
        }
        long target = received.sum() + n;
        // the hub's whole path, or a step below it (BusBenchSteps: RabbitMQ transport only)
        Endpoint sink = camel.getEndpoint(path.equals("hub") ? "kamelet:agent-bus-sink?agent=" + agent
                : "direct:bench-bus-" + path);
        AsyncProducer producer = sink.createAsyncProducer();
        ServiceHelper.startService(producer);
        // at most confirmWindow sends whose confirm is outstanding, as PerfTest --confirm does
        Semaphore unconfirmed = new Semaphore(confirmWindow);
        CountDownLatch confirmed = new CountDownLatch(n);
        LongAdder failed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            sends.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) {
                    unconfirmed.acquire();
                    Exchange exchange = sink.createExchange();
                    exchange.getMessage().setBody(bodies.get(i));
                    producer.process(exchange, doneSync -> {
                        if (exchange.getException() != null) {
                            failed.increment();
                        }
                        unconfirmed.release();
                        confirmed.countDown();
                    });
                }
                return null;
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        confirmed.await(10, TimeUnit.MINUTES);
        double published = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        ServiceHelper.stopService(producer);
        long expected = target - failed.sum();
        if (phased) {
            drainTarget = expected;
            drainMessages = n - failed.sum();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("messages", n);
            result.put("failedSends", failed.sum());
            result.put("publishSeconds", published);
            result.put("sentRate", (n - failed.sum()) / published);
            return result;
        }
        while (received.sum() < expected && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
            Thread.sleep(5);
        }
        double total = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("step", path);
        result.put("messages", n);
        result.put("messageBytes", bodies.get(0).length());
        result.put("publishers", threads);
        result.put("confirmWindow", confirmWindow);
        result.put("failedSends", failed.sum());
        result.put("publishSeconds", published);
        result.put("totalSeconds", total);
        result.put("received", received.sum() - (target - n));
        result.put("sentRate", (n - failed.sum()) / published);
        result.put("receivedRate", (received.sum() - (target - n)) / total);
        return result;
    }

    /** The second half of a phased run: waits (10 minutes at most) until its messages have all arrived. */
    private Map<String, Object> drain() throws InterruptedException {
        long target = drainTarget;
        if (target < 0) {
            throw new ProblemException(ProblemType.CONFLICT, "No phased run to drain: POST ?phased=true first.");
        }
        long start = System.nanoTime();
        while (received.sum() < target && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(10)) {
            Thread.sleep(2);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long arrived = drainMessages - Math.max(0, target - received.sum());
        drainTarget = -1;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("messages", drainMessages);
        result.put("received", arrived);
        result.put("consumeSeconds", seconds);
        result.put("consumeRate", arrived / seconds);
        return result;
    }

    /** An envelope whose JSON text is about {@code bytes} long (the payload is padded). */
    private String envelope(int bytes) {
        Envelope empty = new Envelope(UUID.randomUUID().toString(), "bench.message", 1, agent, "bench",
                "bench", null, Envelope.DEFAULT_PRIORITY, Instant.now().toString(), Map.of("pad", ""));
        int padding = Math.max(0, bytes - envelopes.toJson(empty).length());
        return envelopes.toJson(new Envelope(empty.messageId(), empty.type(), 1, agent, "bench", "bench", null,
                Envelope.DEFAULT_PRIORITY, empty.createdAt(), Map.of("pad", "x".repeat(padding))));
    }
}
