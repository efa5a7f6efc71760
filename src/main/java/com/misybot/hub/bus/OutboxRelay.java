package com.misybot.hub.bus;

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
 * Relays the transactional outbox to the bus: oldest row first, each published (with confirms) before it is marked
 * published. The first failure stops the batch, so later rows never overtake an earlier one; while the broker is down
 * rows simply wait. One replica relays at a time (transaction-scoped advisory lock).
 */
@Component("outboxRelay")
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock key of the relay ("hubOutbx" as a number). */
    private static final long LOCK = 0x6875624f75746278L;

    private record Row(long id, String agent, String envelope, String headers) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ProducerTemplate producer;
    private final EnvelopeCodec envelopes;
    private final BusProperties bus;

    public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate tx, ProducerTemplate producer, EnvelopeCodec envelopes,
                       BusProperties bus) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.producer = producer;
        this.envelopes = envelopes;
        this.bus = bus;
    }

    /** Relays until the outbox is empty or a publish fails; returns how many messages were published. */
    public int relay() {
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
        int sent = 0;
        for (Row row : rows) {
            Exception failure = publish(row);
            if (failure == null) {
                jdbc.update("UPDATE bus_outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL "
                        + "WHERE id = ?", row.id());
                sent++;
            } else if (failure instanceof InvalidEnvelopeException || failure instanceof JsonValidationException) {
                // a row the hub wrote itself and that can never be sent: set aside (kept, with the reason)
                LOG.error("Outbox row {} is not a valid envelope and is set aside: {}", row.id(), failure.getMessage());
                jdbc.update("UPDATE bus_outbox SET published_at = now(), attempts = attempts + 1, last_error = ? "
                        + "WHERE id = ?", "rejected: " + failure.getMessage(), row.id());
            } else {
                LOG.warn("Outbox relay paused at row {} ({} waiting): {}", row.id(), rows.size() - sent,
                        failure.getMessage());
                jdbc.update("UPDATE bus_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                        String.valueOf(failure.getMessage()), row.id());
                return -sent;
            }
        }
        if (sent > 0) {
            jdbc.update("DELETE FROM bus_outbox WHERE published_at < now() - make_interval(secs => ?)",
                    (double) bus.outbox().keepPublished().toSeconds());
        }
        return sent;
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
}
