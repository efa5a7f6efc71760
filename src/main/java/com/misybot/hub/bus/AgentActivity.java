package com.misybot.hub.bus;

import com.misybot.hub.platform.TextMasking;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What each agent's consumer did lately, from Camel's own events: every exchange an inbound bus route
 * ({@code bus-<transport>-in-<agent>}) created is counted when it completes, with its time from delivery to done and
 * whether it failed (an exception, or one the dead-letter channel handled). Kept in 10-second buckets over the last
 * 15 minutes, each with an HdrHistogram of the latencies (milliseconds, 2 significant digits), so any window of
 * 1 to 15 minutes gives count, errors, rate and p50/p95/p99. In memory and per replica.
 */
@Component
public class AgentActivity extends EventNotifierSupport {

    static final int BUCKET_SECONDS = 10;
    static final int WINDOW_MINUTES = 15;
    private static final int BUCKETS = WINDOW_MINUTES * 60 / BUCKET_SECONDS + 1;
    private static final long MAX_MILLIS = 3_600_000L;

    /** One window of an agent's activity; latencies are null when nothing completed in it. */
    public record Window(int minutes, long count, long errors, double perSecond, double errorRate, Double meanMs,
                         Long p50Ms, Long p95Ms, Long p99Ms) {
    }

    /** The last exchange that failed or was dead-lettered; its message masked like the logs. */
    public record Failure(Instant at, String exception, String message) {
    }

    private final Map<String, Track> tracks = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final TextMasking masking;
    private final long started;

    @Autowired
    public AgentActivity(ObjectProvider<TextMasking> masking) {
        this(System::currentTimeMillis, masking.getIfAvailable(() -> TextMasking.NONE));
    }

    AgentActivity(LongSupplier clock, TextMasking masking) {
        this.clock = clock;
        this.masking = masking;
        this.started = clock.getAsLong();
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String agent = agentOf(exchange.getFromRouteId());
        if (agent == null) {
            return;
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        record(agent, Math.max(0, clock.getAsLong() - exchange.getClock().getCreated()), failure);
    }

    /** The agent an inbound bus route consumes for, or null for any other route. */
    static String agentOf(String routeId) {
        return BusProperties.agentOfConsumerRoute(routeId);
    }

    void record(String agent, long millis, Throwable failure) {
        long now = clock.getAsLong();
        Failure last = failure == null ? null : new Failure(Instant.ofEpochMilli(now), failure.getClass().getName(),
                failure.getMessage() == null ? null : masking.mask(failure.getMessage()));
        tracks.computeIfAbsent(agent, a -> new Track()).record(now / 1000 / BUCKET_SECONDS, millis, last);
    }

    /** The agent's activity over the last {@code minutes} (1..15), the bucket in progress included. */
    public Window window(String agent, int minutes) {
        if (minutes < 1 || minutes > WINDOW_MINUTES) {
            throw new IllegalArgumentException("window must be 1 to " + WINDOW_MINUTES + " minutes");
        }
        long now = clock.getAsLong();
        // a window older than this replica covers only the time it has been measuring
        double seconds = Math.max(1, Math.min(minutes * 60.0, (now - started) / 1000.0));
        Track track = tracks.get(agent);
        if (track == null) {
            return new Window(minutes, 0, 0, 0, 0, null, null, null, null);
        }
        return track.window(now / 1000 / BUCKET_SECONDS, minutes, seconds);
    }

    /** Exchanges the agent's consumer finished on this replica since it started (failed ones included). */
    public long completed(String agent) {
        Track track = tracks.get(agent);
        return track == null ? 0 : track.total;
    }

    public Failure lastFailure(String agent) {
        Track track = tracks.get(agent);
        return track == null ? null : track.lastFailure;
    }

    /** Ring of buckets; one lock per agent (a record is a few array writes and one histogram increment). */
    private static final class Track {

        private final long[] slot = new long[BUCKETS];
        private final long[] count = new long[BUCKETS];
        private final long[] errors = new long[BUCKETS];
        private final Histogram[] latency = new Histogram[BUCKETS];
        private volatile Failure lastFailure;
        private volatile long total;

        Track() {
            java.util.Arrays.fill(slot, -1);
        }

        synchronized void record(long bucket, long millis, Failure failure) {
            int i = (int) (bucket % BUCKETS);
            if (slot[i] != bucket) {
                slot[i] = bucket;
                count[i] = 0;
                errors[i] = 0;
                if (latency[i] == null) {
                    latency[i] = new Histogram(MAX_MILLIS, 2);
                } else {
                    latency[i].reset();
                }
            }
            count[i]++;
            total++;
            latency[i].recordValue(Math.min(millis, MAX_MILLIS));
            if (failure != null) {
                errors[i]++;
                lastFailure = failure;
            }
        }

        synchronized Window window(long bucket, int minutes, double seconds) {
            long oldest = bucket - (long) minutes * 60 / BUCKET_SECONDS;
            Histogram merged = new Histogram(MAX_MILLIS, 2);
            long n = 0;
            long failed = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (slot[i] > oldest && slot[i] <= bucket) {
                    n += count[i];
                    failed += errors[i];
                    merged.add(latency[i]);
                }
            }
            if (n == 0) {
                return new Window(minutes, 0, 0, 0, 0, null, null, null, null);
            }
            return new Window(minutes, n, failed, n / seconds, (double) failed / n, merged.getMean(),
                    merged.getValueAtPercentile(50), merged.getValueAtPercentile(95),
                    merged.getValueAtPercentile(99));
        }
    }
}
