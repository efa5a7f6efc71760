package com.misybot.hub.bus;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
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
 */
@Component("busIdempotentRepository")
public class PostgresIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private static final String CLAIM = """
            INSERT INTO bus_processed_message (consumer_key, status, claimed_at) VALUES (?, 'CLAIMED', ?)
            ON CONFLICT (consumer_key) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
             WHERE bus_processed_message.status = 'CLAIMED' AND bus_processed_message.claimed_at < ?""";

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final BusProperties bus;
    private final Clock clock;

    public PostgresIdempotentRepository(JdbcTemplate jdbc, MeterRegistry meters, BusProperties bus) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.bus = bus;
        this.clock = Clock.systemUTC();
    }

    /** Claims the key; false when the message was already processed (a duplicate). */
    @Override
    public boolean add(String key) {
        long now = clock.millis();
        Timestamp staleBefore = new Timestamp(now - bus.idempotency().claimLease().toMillis());
        if (jdbc.update(CLAIM, key, new Timestamp(now), staleBefore) == 1) {
            return true;
        }
        String status = jdbc.query("SELECT status FROM bus_processed_message WHERE consumer_key = ?",
                rs -> rs.next() ? rs.getString(1) : null, key);
        if ("CLAIMED".equals(status)) {
            throw new MessageInProgressException(key);
        }
        meters.counter("hub.bus.duplicates", "agent", agentOf(key)).increment();
        return false;
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

    @Override
    public boolean confirm(String key) {
        return jdbc.update("UPDATE bus_processed_message SET status = 'DONE', completed_at = now() "
                + "WHERE consumer_key = ? AND status = 'CLAIMED'", key) == 1;
    }

    /** Forgets every processed message (JMX operation of the idempotent consumer; duplicates are then reprocessed). */
    @Override
    public void clear() {
        jdbc.update("DELETE FROM bus_processed_message");
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
