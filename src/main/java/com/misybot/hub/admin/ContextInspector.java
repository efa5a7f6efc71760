package com.misybot.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.agents.frontdesk.ActiveSessions;
import com.misybot.hub.memory.ContextCommands;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.QueryParams;
import com.misybot.hub.privacy.Pseudonymizer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.Variable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The operators' context inspector (GET /api/v1/admin/contexts/{sessionId}): a session's bundle (summary,
 * variables, decisions, anonymization level, legal hold), its latest turns as stored (pseudonymized values stay
 * surrogates: re-identifying is the audited {@code POST /api/v1/admin/sessions/{id}/reidentify}), the pipeline runs
 * of the session, the agent that answers its follow-ups, and its last change with who made it.
 */
@Service("contextInspector")
public class ContextInspector {

    static final int DEFAULT_TURNS = 20;
    static final int MAX_TURNS = 200;

    public record Turn(int seq, String role, String agent, String channel, String text, String correlationId,
                       Instant createdAt) {
    }

    public record Run(String runId, String name, String status, String error, Instant createdAt,
                      Instant finishedAt) {
    }

    /** The latest change: a turn appended ({@code by} the owner for a user turn, {@code agent:<name>}) or a PUT. */
    public record Change(Instant at, String what, String by) {
    }

    public record LegalHold(Instant at, String reason) {
    }

    public record Inspection(String sessionId, String ownerId, String anonymizationLevel, String summary,
                             JsonNode variables, JsonNode decisions, long version, int turnCount, Instant createdAt,
                             Instant updatedAt, LegalHold legalHold, String activeAgent, Change lastChange,
                             List<Turn> turns, List<Run> pipelines) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Pseudonymizer pseudonymizer;
    private final ObjectProvider<ActiveSessions> activeSessions;

    public ContextInspector(JdbcTemplate jdbc, ObjectMapper json, Pseudonymizer pseudonymizer,
                            ObjectProvider<ActiveSessions> activeSessions) {
        this.jdbc = jdbc;
        this.json = json;
        this.pseudonymizer = pseudonymizer;
        this.activeSessions = activeSessions;
    }

    public Inspection inspect(@Variable("sessionId") String sessionId, @Variable("turns") String turns) {
        ContextCommands.checkSessionId(sessionId);
        int limit = limit(turns);
        List<Inspection> found = jdbc.query("""
                SELECT session_id, owner_id, anonymization_level, summary, CAST(variables AS text),
                       CAST(decisions AS text), version, turn_count, created_at, updated_at, updated_by,
                       legal_hold_at, legal_hold_reason
                  FROM context_bundle WHERE session_id = ? AND deleted_at IS NULL""",
                (rs, n) -> bundle(rs), sessionId);
        if (found.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No session '" + sessionId + "'.");
        }
        Inspection bundle = found.get(0);
        List<Turn> latest = new ArrayList<>(jdbc.query("""
                SELECT seq, role, agent, channel, text, correlation_id, created_at FROM context_turn
                 WHERE session_id = ? AND deleted_at IS NULL ORDER BY seq DESC LIMIT ?""",
                (rs, n) -> new Turn(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), instant(rs.getTimestamp(7))), sessionId, limit));
        latest.sort(Comparator.comparingInt(Turn::seq));
        List<Run> runs = jdbc.query("""
                SELECT id, name, status, error, created_at, finished_at FROM saga
                 WHERE session_id = ? ORDER BY created_at DESC LIMIT 50""",
                (rs, n) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))), sessionId);
        Change change = bundle.lastChange();
        if (!latest.isEmpty()) {
            Turn last = latest.get(latest.size() - 1);
            if (change == null || (last.createdAt() != null && last.createdAt().isAfter(change.at()))) {
                change = new Change(last.createdAt(), "turn " + last.seq(), "user".equals(last.role())
                        ? bundle.ownerId() : "agent:" + (last.agent() == null ? last.role() : last.agent()));
            }
        }
        ActiveSessions sessions = activeSessions.getIfAvailable();
        ActiveSessions.ActiveSession active = sessions == null ? null : sessions.get(sessionId);
        return new Inspection(bundle.sessionId(), bundle.ownerId(), bundle.anonymizationLevel(), bundle.summary(),
                bundle.variables(), bundle.decisions(), bundle.version(), bundle.turnCount(), bundle.createdAt(),
                bundle.updatedAt(), bundle.legalHold(), active == null ? null : active.lastAgent(), change, latest,
                runs);
    }

    private Inspection bundle(ResultSet rs) throws SQLException {
        String level = rs.getString(3) == null ? pseudonymizer.defaultLevel().id()
                : rs.getString(3);
        Instant updated = instant(rs.getTimestamp(10));
        String updatedBy = rs.getString(11);
        Timestamp hold = rs.getTimestamp(12);
        return new Inspection(rs.getString(1), rs.getString(2), level, rs.getString(4), tree(rs.getString(5)),
                tree(rs.getString(6)), rs.getLong(7), rs.getInt(8), instant(rs.getTimestamp(9)), updated,
                hold == null ? null : new LegalHold(hold.toInstant(), rs.getString(13)), null,
                updatedBy == null ? null : new Change(updated, "context", updatedBy), List.of(), List.of());
    }

    private JsonNode tree(String text) {
        try {
            return text == null ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not readable", e);
        }
    }

    private static int limit(String turns) {
        return QueryParams.integer(turns, "turns", 1, MAX_TURNS, DEFAULT_TURNS);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
