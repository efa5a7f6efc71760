package com.misybot.hub.bus;

import com.misybot.hub.platform.Wakeups;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays the transactional outbox to the bus, a batch at a time (oldest rows first): the rows of a batch are
 * published concurrently ({@value #WINDOW} in flight) and the batch waits for all the broker's confirms, instead of
 * one confirm round trip after another; then the confirmed rows are marked published in one statement. A row is marked only once its publish is confirmed, so a crash or a broker outage
 * never loses one: an unconfirmed row is sent again (a duplicate the consumers' idempotency drops). A failed row
 * stops the relay until the next poll; rows after it in its batch may have been published already (consumers
 * process concurrently, so order was never kept past the broker). One replica relays at a time
 * (transaction-scoped advisory lock), and one thread of a replica.
 * <p>
 * Besides its poll (route {@code bus-outbox-relay}), the relay runs as soon as a transaction writing an outbox row
 * commits, on any replica ({@link Wakeups} kind {@code outbox}), while that route is started: a message does not
 * wait for the next poll. Wake-ups that come while a relay runs make one more run after it.
 */
@Component("outboxRelay")
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock key of the relay ("hubOutbx" as a number). */
    private static final long LOCK = 0x6875624f75746278L;

    private record Row(long id, String agent, String envelope, String headers) {
    }

    /** How long a batch waits for its confirms at most (each publish also has its transport's own timeout). */
    private static final java.time.Duration PUBLISH_WAIT = java.time.Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    /** Publishes in flight at once (each waits for its confirm on its own thread). */
    private static final int WINDOW = 32;
    private final java.util.concurrent.ExecutorService publishers = java.util.concurrent.Executors.newFixedThreadPool(
            WINDOW, new java.util.concurrent.ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger count =
                        new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread thread = new Thread(task, "hub-outbox-publish-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });
    private final TransactionTemplate tx;
    private final ProducerTemplate producer;
    private final EnvelopeCodec envelopes;
    private final BusProperties bus;

    private static final java.time.Duration CLEANUP_EVERY = java.time.Duration.ofMinutes(1);
    /** When published rows were last deleted (System.nanoTime; the relay runs one thread at a time). */
    private long lastCleanup = System.nanoTime() - CLEANUP_EVERY.toNanos() - 1;

    /** Runs the relay when woken, one run at a time; a run is queued only when none is queued yet. */
    private final java.util.concurrent.ExecutorService waker = java.util.concurrent.Executors.newSingleThreadExecutor(
            task -> {
                Thread thread = new Thread(task, "hub-outbox-wake");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued =
            new java.util.concurrent.atomic.AtomicBoolean();

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, ProducerTemplate producer, EnvelopeCodec envelopes,
                       BusProperties bus, Wakeups wakeups) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.producer = producer;
        this.envelopes = envelopes;
        this.bus = bus;
        wakeups.subscribe("outbox", ignored -> wake());
    }

    /** An outbox row was committed: relay now (on the relay's own thread), unless the relay route is stopped. */
    void wake() {
        if (!wakeQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            waker.execute(() -> {
                wakeQueued.set(false);
                org.apache.camel.ServiceStatus route = producer.getCamelContext().getRouteController()
                        .getRouteStatus(OutboxRoutes.ROUTE_ID);
                if (route == null || !route.isStarted()) {
                    return;
                }
                try {
                    relay();
                } catch (RuntimeException e) {
                    // the poll meets the same failure and reports it through the route's error handler
                    LOG.debug("Outbox relay on wake-up failed: {}", e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            wakeQueued.set(false);
        }
    }

    /** Relays until the outbox is empty or a publish fails; returns how many messages were published. */
    public synchronized int relay() {
        int total = 0;
        while (true) {
            Integer sent = tx.execute(status -> batch());
            total += sent == null ? 0 : Math.abs(sent);
            if (sent == null || sent < bus.outbox().batchSize()) {
                return total;
            }
        }
    }

    /** One batch in one transaction; a negative count means the batch stopped at a failure. */
    private int batch() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
            return 0;
        }
        List<Row> rows = jdbc.query("SELECT id, agent, envelope, headers::text FROM bus_outbox "
                        + "WHERE published_at IS NULL ORDER BY id LIMIT ?",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                bus.outbox().batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        // the first row alone, then the rest together: while the broker is away a poll costs one attempt, not a
        // batch of them
        Exception[] failures = new Exception[rows.size()];
        failures[0] = publishAll(rows.subList(0, 1))[0];
        int attempted = 1;
        if (failures[0] == null || rejected(failures[0])) {
            System.arraycopy(publishAll(rows.subList(1, rows.size())), 0, failures, 1, rows.size() - 1);
            attempted = rows.size();
        }
        List<Long> published = new java.util.ArrayList<>();
        int failed = 0;
        for (int i = 0; i < attempted; i++) {
            Row row = rows.get(i);
            Exception failure = failures[i];
            if (failure == null) {
                published.add(row.id());
            } else if (rejected(failure)) {
                // a row the hub wrote itself and that can never be sent: set aside (kept, with the reason)
                LOG.error("Outbox row {} is not a valid envelope and is set aside: {}", row.id(), failure.getMessage());
                jdbc.update("UPDATE bus_outbox SET published_at = now(), attempts = attempts + 1, last_error = ? "
                        + "WHERE id = ?", "rejected: " + failure.getMessage(), row.id());
            } else {
                if (failed++ == 0) {
                    LOG.warn("Outbox relay paused at row {}: {}", row.id(), failure.getMessage());
                }
                jdbc.update("UPDATE bus_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                        String.valueOf(failure.getMessage()), row.id());
            }
        }
        if (!published.isEmpty()) {
            jdbc.update(con -> {
                java.sql.PreparedStatement ps = con.prepareStatement("UPDATE bus_outbox SET published_at = now(), "
                        + "attempts = attempts + 1, last_error = NULL WHERE id = ANY(?)");
                ps.setArray(1, con.createArrayOf("bigint", published.toArray()));
                return ps;
            });
            // rows kept past hub.bus.outbox.keep-published go, once a minute at most: the statement reads the whole
            // table (published_at has no index), and the relay now runs at every commit, not every poll
            long now = System.nanoTime();
            if (now - lastCleanup > CLEANUP_EVERY.toNanos()) {
                lastCleanup = now;
                jdbc.update("DELETE FROM bus_outbox WHERE published_at < now() - make_interval(secs => ?)",
                        (double) bus.outbox().keepPublished().toSeconds());
            }
        }
        return failed > 0 || attempted < rows.size() ? -published.size() : published.size();
    }

    /** A row the bus refuses whatever happens (not a valid envelope): set aside rather than retried. */
    private static boolean rejected(Exception failure) {
        return failure instanceof InvalidEnvelopeException || failure instanceof JsonValidationException;
    }

    /**
     * Publishes the rows concurrently, each through {@code direct:agent-bus-publish} as before (a send completes on the
     * broker's confirm, nack or the transport's confirm timeout), {@link #WINDOW} at a time, and waits for all of
     * them: the failure of each row, null when its publish was confirmed.
     */
    private Exception[] publishAll(List<Row> rows) {
        List<java.util.concurrent.Future<Exception>> sends = new java.util.ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(publishers.submit(() -> publish(row)));
        }
        Exception[] failures = new Exception[rows.size()];
        long deadline = System.nanoTime() + PUBLISH_WAIT.toNanos();
        for (int i = 0; i < rows.size(); i++) {
            try {
                failures[i] = sends.get(i).get(Math.max(0, deadline - System.nanoTime()),
                        java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                failures[i] = new IllegalStateException("no confirm within " + PUBLISH_WAIT);
            } catch (java.util.concurrent.ExecutionException e) {
                failures[i] = e.getCause() instanceof Exception cause ? cause : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures[i] = e;
            }
        }
        return failures;
    }

    private Exception publish(Row row) {
        Map<String, String> headers = envelopes.headersFromJson(row.headers());
        Exchange result = producer.send("direct:agent-bus-publish", exchange -> {
            exchange.getMessage().setBody(row.envelope());
            headers.forEach(exchange.getMessage()::setHeader);
            exchange.setVariable(BusHeaders.VAR_AGENT, row.agent());
        });
        return result.getException();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        waker.shutdownNow();
        publishers.shutdown();
    }
}
