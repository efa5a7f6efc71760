package com.misybot.hub.agents.analytics;

import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.bus.InvalidEnvelopeException;
import com.misybot.hub.platform.SqlFiles;
import com.misybot.hub.privacy.Consents;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts one analytics event into the hourly rollups, in one transaction with its row in the idempotency ledger:
 * a redelivered event changes nothing. Events of a user who does not consent to {@code analytics} are not counted
 * (their id is kept, so a redelivery after a later grant is not counted either). A publication's counters are
 * cumulative: only their increase over what was already counted is added, and a late, older snapshot adds nothing;
 * an increase reached without consent moves the baseline without being counted.
 */
@Component("analyticsRollups")
public class AnalyticsRollups {

    /** What became of an event. */
    public enum Outcome { COUNTED, DUPLICATE, NO_CONSENT }

    static final String PURPOSE = "analytics";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** A clock a little ahead is tolerated; an event claiming a later time is counted now. */
    private static final long FUTURE_SKEW_SECONDS = 300;

    private static final String CLAIM = SqlFiles.load("analytics-event-claim.sql");
    private static final String ADD = SqlFiles.load("analytics-rollup-add.sql");
    private static final String PUBLICATION_CREATE = SqlFiles.load("analytics-publication-create.sql");
    private static final String PUBLICATION_LOCK = SqlFiles.load("analytics-publication-lock.sql");
    private static final String PUBLICATION_UPDATE = SqlFiles.load("analytics-publication-update.sql");
    private static final String[] COUNTERS = {"views", "likes", "shares", "clicks"};

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Consents consents;
    private final MeterRegistry meters;

    public AnalyticsRollups(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, Consents consents,
                            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.consents = consents;
        this.meters = meters;
    }

    /** Counts {@code envelope} (an {@code analytics.*} event); an event that cannot be counted is refused. */
    public Outcome count(Envelope envelope) {
        Map<String, Object> payload = envelope.payload() == null ? Map.of() : envelope.payload();
        MapSqlParameterSource row = row(envelope.type(), payload, envelope.createdAt());
        String owner = text(payload, "ownerId");
        Outcome outcome = tx.execute(status -> {
            boolean consented = owner == null || consents.granted(owner, PURPOSE);
            if (jdbc.update(CLAIM, new MapSqlParameterSource("eventId", UUID.fromString(envelope.messageId()))
                    .addValue("type", envelope.type()).addValue("counted", consented)) == 0) {
                return Outcome.DUPLICATE;
            }
            boolean publication = AnalyticsFeed.PUBLICATION_METRICS.equals(envelope.type());
            if (!consented) {
                // what a publication reached without consent moves its baseline, so a later grant never counts it
                if (publication) {
                    increase(payload, row);
                }
                return Outcome.NO_CONSENT;
            }
            if (publication && !increase(payload, row)) {
                return Outcome.COUNTED;
            }
            jdbc.update(ADD, row);
            return Outcome.COUNTED;
        });
        meters.counter("hub.analytics.events", "type", envelope.type(), "outcome",
                outcome.name().toLowerCase()).increment();
        return outcome;
    }

    /** The rollup row of one event (before a publication's increase is known). */
    private static MapSqlParameterSource row(String type, Map<String, Object> payload, String createdAt) {
        MapSqlParameterSource row = new MapSqlParameterSource("hour", Timestamp.from(hour(payload, createdAt)))
                .addValue("agent", "").addValue("pipeline", "").addValue("platform", "").addValue("contentType", "")
                .addValue("succeeded", 0L).addValue("failed", 0L).addValue("llmCalls", 0L)
                .addValue("llmCostUsd", BigDecimal.ZERO);
        for (String counter : COUNTERS) {
            row.addValue(counter, 0L);
        }
        boolean ok = "ok".equals(text(payload, "outcome"));
        switch (type) {
            case AnalyticsFeed.AGENT_TASK -> row.addValue("source", "agent")
                    .addValue("agent", name(payload, "agent")).addValue(ok ? "succeeded" : "failed", 1L);
            case AnalyticsFeed.LLM_CALL -> row.addValue("source", "llm").addValue("agent", name(payload, "agent"))
                    .addValue("llmCalls", 1L).addValue("llmCostUsd", cost(payload))
                    .addValue(ok ? "succeeded" : "failed", 1L);
            case AnalyticsFeed.PIPELINE_OUTCOME -> row.addValue("source", "pipeline")
                    .addValue("pipeline", name(payload, "pipeline")).addValue(ok ? "succeeded" : "failed", 1L);
            case AnalyticsFeed.PUBLICATION_METRICS -> {
                String pipeline = name(payload, "pipeline");
                row.addValue("source", "publication").addValue("platform", name(payload, "platform"))
                        .addValue("pipeline", pipeline).addValue("contentType", pipeline);
                uuid(payload, "publicationId");
                for (String counter : COUNTERS) {
                    count(payload, counter);
                }
            }
            default -> throw refused("/type", "not an analytics event type the reporter knows: " + type);
        }
        return row;
    }

    /** Sets the row's counters to the increase over what was counted; false when nothing increased. */
    private boolean increase(Map<String, Object> payload, MapSqlParameterSource row) {
        UUID id = uuid(payload, "publicationId");
        MapSqlParameterSource key = new MapSqlParameterSource("id", id);
        jdbc.update(PUBLICATION_CREATE, key);
        Map<String, Object> counted = jdbc.queryForMap(PUBLICATION_LOCK, key);
        MapSqlParameterSource next = new MapSqlParameterSource("id", id);
        boolean increased = false;
        for (String counter : COUNTERS) {
            long before = ((Number) counted.get(counter)).longValue();
            long now = Math.max(before, count(payload, counter));
            row.addValue(counter, now - before);
            next.addValue(counter, now);
            increased |= now > before;
        }
        if (increased) {
            jdbc.update(PUBLICATION_UPDATE, next);
        }
        return increased;
    }

    private static Instant hour(Map<String, Object> payload, String createdAt) {
        String at = text(payload, "occurredAt");
        Instant when;
        try {
            when = Instant.parse(at != null ? at : createdAt);
        } catch (DateTimeParseException | NullPointerException e) {
            throw refused("/payload/occurredAt", "not an ISO-8601 instant: " + at);
        }
        Instant now = Instant.now();
        if (when.isAfter(now.plusSeconds(FUTURE_SKEW_SECONDS))) {
            when = now;
        }
        return when.truncatedTo(ChronoUnit.HOURS);
    }

    private static String name(Map<String, Object> payload, String field) {
        String value = text(payload, field);
        if (value == null || !NAME.matcher(value).matches()) {
            throw refused("/payload/" + field, "a lower-case name of at most 64 characters is required, not "
                    + value);
        }
        return value;
    }

    private static long count(Map<String, Object> payload, String field) {
        Object value = payload.get(field);
        if (!(value instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            throw refused("/payload/" + field, "a non-negative whole number is required, not " + value);
        }
        return n.longValue();
    }

    private static BigDecimal cost(Map<String, Object> payload) {
        Object value = payload.get("costUsd");
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
            throw refused("/payload/costUsd", "a non-negative number is required, not " + value);
        }
        return new BigDecimal(n.toString());
    }

    private static UUID uuid(Map<String, Object> payload, String field) {
        try {
            return UUID.fromString(String.valueOf(payload.get(field)));
        } catch (IllegalArgumentException e) {
            throw refused("/payload/" + field, "a UUID is required, not " + payload.get(field));
        }
    }

    private static String text(Map<String, Object> payload, String field) {
        Object value = payload.get(field);
        return value == null ? null : value.toString();
    }

    /** Refused for good: dead-lettered at once (no retry can make it countable). */
    private static InvalidEnvelopeException refused(String pointer, String reason) {
        return new InvalidEnvelopeException(List.of(pointer + ": " + reason));
    }
}
