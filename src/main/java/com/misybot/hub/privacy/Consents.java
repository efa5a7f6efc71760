package com.misybot.hub.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import com.misybot.hub.platform.web.Caller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code consents}: a user's consent per purpose ({@code POST/GET /api/v1/me/consents}). Every grant or withdrawal
 * is a row of {@code consent_record} and an audit record in the same transaction; a purpose nobody recorded holds
 * its configured default. Turn embedding reads the same rows in SQL (sql/turn-embedding-pending.sql).
 */
@Component("consents")
public class Consents {

    private static final String INSERT = SqlFiles.load("consent-insert.sql");
    private static final String HISTORY = SqlFiles.load("consent-history.sql");
    private static final String LATEST = SqlFiles.load("consent-latest.sql");
    private static final int HISTORY_LIMIT = 200;

    /** A purpose's state for the caller: recorded by them, or the default. */
    public record State(String purpose, boolean granted, String policyVersion, Instant since, String source) {
    }

    /** One recorded change. */
    public record Change(String purpose, boolean granted, String policyVersion, Instant recordedAt) {
    }

    /** {@code GET /api/v1/me/consents}: every purpose's state and the caller's history, newest first. */
    public record Answer(List<State> consents, List<Change> history) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final Map<String, Boolean> defaults;

    public Consents(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit,
                    PrivacyProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.defaults = new TreeMap<>(properties.consent().defaults());
    }

    public State record(@Variable("json") JsonNode body, @Variable("caller") Caller caller) {
        String purpose = body.path("purpose").asText();
        if (!defaults.containsKey(purpose)) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "Unknown purpose '" + purpose + "': one of "
                    + String.join(", ", defaults.keySet()) + ".", null, null);
        }
        boolean granted = body.path("granted").asBoolean();
        String policyVersion = body.path("policyVersion").asText();
        return tx.execute(status -> {
            Map<String, Object> row = jdbc.queryForMap(INSERT, new MapSqlParameterSource("userId", caller.id())
                    .addValue("purpose", purpose).addValue("granted", granted)
                    .addValue("policyVersion", policyVersion));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("purpose", purpose);
            details.put("policyVersion", policyVersion);
            audit.append(AuditEvent.by(caller.id(), caller.roles(), granted ? "consent.grant" : "consent.withdraw",
                    "user:" + caller.id(), details));
            return new State(purpose, granted, policyVersion, ((Timestamp) row.get("recorded_at")).toInstant(),
                    "recorded");
        });
    }

    public Answer list(@Variable("caller") Caller caller) {
        return listFor(caller.id());
    }

    /** GET /admin/subjects/{userId}/consents: a user's consent state for an operator (read, not changed). */
    public Answer listOf(@Variable("userId") String userId) {
        return listFor(userId);
    }

    /** Whether {@code userId} consents to {@code purpose} now: their latest record, else the default. */
    public boolean granted(String userId, String purpose) {
        Boolean configured = defaults.get(purpose);
        if (configured == null) {
            throw new IllegalArgumentException("Unknown consent purpose " + purpose);
        }
        List<Boolean> latest = jdbc.queryForList(LATEST, new MapSqlParameterSource("userId", userId)
                .addValue("purpose", purpose), Boolean.class);
        return latest.isEmpty() ? configured : latest.get(0);
    }

    private Answer listFor(String userId) {
        List<Change> history = history(userId);
        List<State> states = new ArrayList<>();
        for (Map.Entry<String, Boolean> purpose : defaults.entrySet()) {
            Change latest = history.stream().filter(c -> c.purpose().equals(purpose.getKey())).findFirst().orElse(null);
            states.add(latest == null ? new State(purpose.getKey(), purpose.getValue(), null, null, "default")
                    : new State(latest.purpose(), latest.granted(), latest.policyVersion(), latest.recordedAt(),
                            "recorded"));
        }
        return new Answer(states, history);
    }

    private List<Change> history(String userId) {
        return jdbc.query(HISTORY, new MapSqlParameterSource("userId", userId).addValue("limit", HISTORY_LIMIT),
                (rs, n) -> new Change(rs.getString("purpose"), rs.getBoolean("granted"),
                        rs.getString("policy_version"), rs.getTimestamp("recorded_at").toInstant()));
    }
}
