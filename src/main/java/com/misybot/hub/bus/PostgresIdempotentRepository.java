package com.misybot.hub.bus;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Idempotent-consumer repository in PostgreSQL, keyed by {@code <agent>/<messageId>}.
 *
 * <p>A key is CLAIMED when processing starts and DONE when the exchange completes. A second delivery of a DONE key is
 * a duplicate (skipped, counted in {@code hub.bus.duplicates}). A second delivery of a key that is still CLAIMED
 * means another consumer is working on it, or that a consumer died mid-way: it is retried (the message is not
 * lost) and takes the claim over once the claim is older than {@code hub.bus.idempotency.claim-lease}.
 *
 * <p>Claims and confirms of concurrent deliveries are group-committed by {@link IdempotencyBatcher}: one transaction
 * (one WAL flush) per batch instead of one per call. A claim returns only after it is committed, so a message is
 * processed only under a durable claim. A confirm returns after its commit too, except for a delivery its transport
 * acknowledges itself ({@link BusHeaders#PROP_ACK_AFTER_CONFIRM}, RabbitMQ): there the worker goes back to its pool at
 * once and the acknowledgement follows the commit ({@link RabbitAcknowledgements}), so a message is still acknowledged
 * only after a durable DONE.
 */
@Component("busIdempotentRepository")
public class PostgresIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final IdempotencyBatcher batcher;

    public PostgresIdempotentRepository(DataSource dataSource, JdbcTemplate jdbc, MeterRegistry meters,
                                        BusProperties bus) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.batcher = new IdempotencyBatcher(dataSource, Clock.systemUTC(), bus.idempotency().claimLease(),
                bus.idempotency().maxBatch(), bus.idempotency().writeTimeout());
    }

    /** Claims the key; false when the message was already processed (a duplicate). */
    @Override
    public boolean add(String key) {
        switch (batcher.claim(key)) {
            case CLAIMED:
                return true;
            case DONE:
                meters.counter("hub.bus.duplicates", "agent", agentOf(key)).increment();
                return false;
            default:
                throw new MessageInProgressException(key);
        }
    }

    @Override
    public boolean contains(String key) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM bus_processed_message WHERE consumer_key = ?",
                Integer.class, key);
        return n != null && n > 0;
    }

    /** Forgets the key (processing failed, or the message was dead-lettered and may be replayed). */
    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM bus_processed_message WHERE consumer_key = ?", key) == 1;
    }

    /** Marks the key DONE; returns once that is committed (the caller acknowledges the message after this). */
    @Override
    public boolean confirm(String key) {
        return batcher.confirm(key);
    }

    /**
     * As {@link #confirm(String)}, except for an exchange whose transport acknowledges after the confirm
     * ({@link BusHeaders#PROP_ACK_AFTER_CONFIRM}): the commit is left on the exchange
     * ({@link BusHeaders#PROP_PENDING_CONFIRM}) instead of waited for, and this answers true before it is known
     * (Camel's idempotent consumer does not read the answer).
     */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        if (exchange != null && exchange.getProperty(BusHeaders.PROP_ACK_AFTER_CONFIRM, false, Boolean.class)) {
            exchange.setProperty(BusHeaders.PROP_PENDING_CONFIRM, batcher.confirmLater(key));
            return true;
        }
        return confirm(key);
    }

    /** Forgets every processed message (JMX operation of the idempotent consumer; duplicates are then reprocessed). */
    @Override
    public void clear() {
        jdbc.update("DELETE FROM bus_processed_message");
    }

    /** At shutdown (not when Camel stops a route: the writer serves every route and DeadLetters). */
    @PreDestroy
    void stopWriter() {
        batcher.close();
    }

    static String key(String agent, String messageId) {
        return agent + "/" + messageId;
    }

    private static String agentOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "unknown" : key.substring(0, slash);
    }

    /** Another delivery of this message holds a fresh claim: retry later rather than skip or process twice. */
    public static class MessageInProgressException extends RuntimeException {
        public MessageInProgressException(String key) {
            super("Message " + key + " is being processed by another consumer");
        }
    }
}
