package com.misybot.hub.bus;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of idempotency claims and confirms: callers on any number of threads enqueue their write and wait;
 * one writer thread takes everything queued (up to a batch limit) and writes it in one PostgreSQL transaction — one
 * set-based UPDATE for the confirms, one INSERT .. ON CONFLICT for the claims — then completes every caller.
 *
 * <p>A caller is answered only after the commit, so durability is that of a single write. While a batch commits the
 * next one fills up, so the batch size follows the load by itself and an idle system answers in one round trip.
 * Keys are written in sorted order, so two hub replicas writing overlapping batches lock rows in the same order.
 */
final class IdempotencyBatcher implements AutoCloseable {

    /** Outcome of a claim: this caller may process the message, it was processed already, or someone holds it. */
    enum Claim { CLAIMED, DONE, IN_PROGRESS }

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyBatcher.class);

    // a fresh key becomes CLAIMED; a CLAIMED key whose lease ran out is taken over; anything else is left alone
    private static final String CLAIM = """
            INSERT INTO bus_processed_message (consumer_key, status, claimed_at)
            SELECT k, 'CLAIMED', ? FROM unnest(?::varchar[]) AS k
            ON CONFLICT (consumer_key) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
             WHERE bus_processed_message.status = 'CLAIMED' AND bus_processed_message.claimed_at < ?
            RETURNING consumer_key""";
    private static final String STATUS = "SELECT consumer_key, status FROM bus_processed_message "
            + "WHERE consumer_key = ANY(?::varchar[])";
    private static final String CONFIRM = "UPDATE bus_processed_message SET status = 'DONE', completed_at = now() "
            + "WHERE consumer_key = ANY(?::varchar[]) AND status = 'CLAIMED' RETURNING consumer_key";

    private record Op(String key, boolean claim, CompletableFuture<Object> result) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration lease;
    private final int maxBatch;
    private final Duration timeout;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();

    IdempotencyBatcher(DataSource dataSource, Clock clock, Duration lease, int maxBatch, Duration timeout) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.lease = lease;
        this.maxBatch = maxBatch;
        this.timeout = timeout;
        this.writer = new Thread(this::run, "hub-bus-idempotency-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Claims the key for this caller (committed when this returns). */
    Claim claim(String key) {
        return (Claim) submit(key, true);
    }

    /** Marks a CLAIMED key DONE (committed when this returns); false when it was not CLAIMED any more. */
    boolean confirm(String key) {
        return (Boolean) submit(key, false);
    }

    /**
     * Marks a CLAIMED key DONE without waiting: the future completes on the writer thread once the batch holding it
     * is committed (false when the key was not CLAIMED any more), or fails with the batch.
     */
    CompletableFuture<Boolean> confirmLater(String key) {
        return enqueue(key, false).thenApply(Boolean.class::cast);
    }

    private CompletableFuture<Object> enqueue(String key, boolean claim) {
        if (!running) {
            throw new IllegalStateException("idempotency writer is stopped");
        }
        Op op = new Op(key, claim, new CompletableFuture<>());
        queue.add(op);
        return op.result();
    }

    private Object submit(String key, boolean claim) {
        CompletableFuture<Object> result = enqueue(key, claim);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("idempotency write of " + key + " not committed within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing idempotency key " + key, e);
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Op first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (Exception | Error e) {
                LOG.warn("Idempotency batch of {} write(s) failed: {}", batch.size(), e.toString());
                RuntimeException failure = e instanceof RuntimeException r ? r
                        : new IllegalStateException("idempotency batch failed", e);
                batch.forEach(op -> op.result().completeExceptionally(failure));
            } finally {
                batch.clear();
            }
        }
        Op left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("idempotency writer is stopped"));
        }
    }

    /** One transaction for the whole batch; callers are answered only after the commit. */
    private void write(List<Op> batch) throws SQLException {
        // confirms first: a claim of the same key in this batch then sees DONE, as it would a moment later
        Set<String> confirmKeys = new HashSet<>();
        Map<String, List<Op>> claims = new TreeMap<>();
        for (Op op : batch) {
            if (op.claim()) {
                claims.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            } else {
                confirmKeys.add(op.key());
            }
        }
        Set<String> confirmed = new HashSet<>();
        Set<String> claimed = new HashSet<>();
        Map<String, String> status = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!confirmKeys.isEmpty()) {
                    confirmed = keys(connection, CONFIRM, confirmKeys.stream().sorted().toList(), null);
                }
                if (!claims.isEmpty()) {
                    long now = clock.millis();
                    claimed = keys(connection, CLAIM, new ArrayList<>(claims.keySet()), now);
                    List<String> others = new ArrayList<>(claims.keySet());
                    others.removeAll(claimed);
                    if (!others.isEmpty()) {
                        status = statuses(connection, others);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        batches.incrementAndGet();
        writes.addAndGet(batch.size());
        for (Op op : batch) {
            if (!op.claim()) {
                op.result().complete(confirmed.contains(op.key()));
            }
        }
        for (Map.Entry<String, List<Op>> entry : claims.entrySet()) {
            List<Op> ops = entry.getValue();
            boolean won = claimed.contains(entry.getKey());
            Claim other = "DONE".equals(status.get(entry.getKey())) ? Claim.DONE : Claim.IN_PROGRESS;
            // two deliveries of one message in the same batch: the first gets the claim, the other sees it held
            for (int i = 0; i < ops.size(); i++) {
                ops.get(i).result().complete(won ? (i == 0 ? Claim.CLAIMED : Claim.IN_PROGRESS) : other);
            }
        }
    }

    private Set<String> keys(Connection connection, String sql, List<String> keys, Long now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("varchar", keys.toArray());
            if (now == null) {
                statement.setArray(1, array);
            } else {
                statement.setTimestamp(1, new Timestamp(now));
                statement.setArray(2, array);
                statement.setTimestamp(3, new Timestamp(now - lease.toMillis()));
            }
            Set<String> result = new HashSet<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(rows.getString(1));
                }
            }
            return result;
        }
    }

    private Map<String, String> statuses(Connection connection, List<String> keys) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATUS)) {
            statement.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            Map<String, String> result = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2));
                }
            }
            return result;
        }
    }

    /** Claims and confirms committed so far. */
    long writes() {
        return writes.get();
    }

    /** Transactions that committed them. */
    long batches() {
        return batches.get();
    }

    /** Writes what is queued, then stops; later calls fail at once. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
