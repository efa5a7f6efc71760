package com.misybot.hub.privacy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.bus.DeadLetterQueues;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.governance.crypto.SubjectKeys;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Data subject rights (GDPR Art. 15, 17, 20): everything the hub holds about a user, exported as one JSON document,
 * or erased. Both read the same list of {@link #TABLES}, so what export shows is what erasure deletes. Erasure is a
 * forward-recovering saga ({@code erasure_request}): its steps are idempotent and checkpointed in the receipt, and a
 * request whose replica died is finished by another once its lease passes; nothing is compensated, an erasure is
 * never undone. The audit log keeps its records (they name a user id that no longer maps to a person).
 */
@Component("subjectData")
public class SubjectData {

    private static final Logger LOG = LoggerFactory.getLogger(SubjectData.class);

    /**
     * A table holding a subject's rows: {@code :user} is the user id, {@code :sessions} their session ids;
     * {@code hidden} a column the export leaves out (a credential's hash is not the subject's data to carry away).
     */
    record Table(String name, String where, String hidden) {

        Table(String name, String where) {
            this(name, where, null);
        }
    }

    /** In deletion order (children first). app_user is anonymized, not deleted (the audit log names its id). */
    static final List<Table> TABLES = List.of(
            new Table("publication", "run_id IN (SELECT id FROM saga WHERE owner_id = :user)"),
            new Table("pipeline_run_parameters", "run_id IN (SELECT id FROM saga WHERE owner_id = :user)"),
            // campaigns the user created (their launches, decisions and boosts go with them), and what other
            // campaigns decided or launched in the user's sessions
            new Table("campaign_boost", "campaign_id IN (SELECT id FROM campaign WHERE created_by = :user)"),
            new Table("campaign_decision", "session_id = ANY(:sessions) OR campaign_id IN (SELECT id FROM campaign "
                    + "WHERE created_by = :user)"),
            new Table("campaign_launch", "session_id = ANY(:sessions) OR campaign_id IN (SELECT id FROM campaign "
                    + "WHERE created_by = :user)"),
            new Table("campaign", "created_by = :user"),
            new Table("saga_step", "saga_id IN (SELECT id FROM saga WHERE owner_id = :user)"),
            new Table("saga", "owner_id = :user"),
            new Table("calendar_entry", "owner_id = :user"),
            new Table("agent_event_log", "session_id = ANY(:sessions) OR actor_id = :user"),
            new Table("generated_artifact", "owner_id = :user OR session_id = ANY(:sessions)"),
            new Table("experiment_assignment", "session_id = ANY(:sessions)"),
            new Table("experiment_run", "session_id = ANY(:sessions)"),
            new Table("context_snapshot", "owner_id = :user"),
            new Table("content_version", "content_id IN (SELECT id FROM content_piece WHERE owner_id = :user "
                    + "OR session_id = ANY(:sessions))"),
            new Table("content_piece", "owner_id = :user OR session_id = ANY(:sessions)"),
            new Table("context_turn", "session_id = ANY(:sessions)"),
            new Table("agent_workflow", "owner_id = :user OR session_id = ANY(:sessions)"),
            new Table("context_bundle", "owner_id = :user"),
            // a session's messages, and the analytics events that name the user as owner
            new Table("bus_outbox", "CAST(envelope AS jsonb)->>'sessionId' = ANY(:sessions) "
                    + "OR CAST(envelope AS jsonb)->'payload'->>'ownerId' = :user"),
            new Table("pii_token", "owner_id = :user"),
            new Table("consent_record", "user_id = :user"),
            new Table("refresh_token", "CAST(user_id AS text) = :user", "token_hash"),
            new Table("erasure_request", "user_id = :user AND status = 'DONE'"));

    /** The erasure's steps, in order. */
    static final List<String> STEPS = List.of("deadLetters", "vectors", "cache", "postgresql", "vault");

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final ProducerTemplate camel;
    private final DeadLetterQueues deadLetters;
    private final SubjectKeys subjectKeys;
    private final Pseudonymizer pseudonymizer;
    private final AuditLog audit;
    private final ObjectMapper json;

    public SubjectData(JdbcTemplate jdbc, TransactionTemplate tx, ProducerTemplate camel, DeadLetterQueues deadLetters,
                       SubjectKeys subjectKeys, Pseudonymizer pseudonymizer, AuditLog audit, ObjectMapper json) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.tx = tx;
        this.camel = camel;
        this.deadLetters = deadLetters;
        this.subjectKeys = subjectKeys;
        this.pseudonymizer = pseudonymizer;
        this.audit = audit;
        this.json = json;
    }

    // ---------------------------------------------------------------------------------------------- export

    /**
     * Writes everything about {@code userId} to {@code out} as one JSON object, row by row: the account, then each
     * table of {@link #TABLES} (turns re-identified: it is the subject's own text), the vault's values, the vectors in
     * MongoDB, which sessions the cache holds, the dead letters of their sessions and the audit records about them.
     */
    public void export(String userId, OutputStream out) throws IOException {
        List<String> sessions = sessions(userId);
        MapSqlParameterSource params = params(userId, sessions);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("userId", userId);
            g.writeStringField("exportedAt", Instant.now().toString());
            g.writeFieldName("account");
            List<String> account = jdbc.queryForList("SELECT CAST(to_jsonb(u) - 'password_hash' AS text) FROM app_user u "
                    + "WHERE CAST(id AS text) = ?", String.class, userId);
            g.writeRawValue(account.isEmpty() ? "null" : account.get(0));
            g.writeObjectFieldStart("postgresql");
            for (Table t : TABLES) {
                g.writeArrayFieldStart(t.name());
                String row = t.hidden() == null ? "to_jsonb(x)" : "to_jsonb(x) - '" + t.hidden() + "'";
                named.query("SELECT CAST(" + row + " AS text) FROM " + t.name() + " x WHERE " + t.where(), params,
                        rs -> {
                            String json = rs.getString(1);
                            raw(g, t.name().equals("context_turn") ? reidentifiedTurn(json) : json);
                        });
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("vault");
            for (String session : sessions) {
                List<String> surrogates = jdbc.queryForList("SELECT surrogate FROM pii_token WHERE session_id = ? "
                        + "ORDER BY surrogate", String.class, session);
                List<String> values = pseudonymizer.reidentify(session, surrogates);
                for (int i = 0; i < surrogates.size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("sessionId", session);
                    g.writeStringField("surrogate", surrogates.get(i));
                    g.writeStringField("value", values.get(i));
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("mongodb");
            for (Document d : vectorDocuments(userId)) {
                g.writeRawValue(d.toJson());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("deadLetters");
            for (AgentLetter held : deadLettersOf(userId, sessions)) {
                DeadLetterQueues.DeadLetter letter = held.letter();
                g.writeStartObject();
                g.writeStringField("agent", held.agent());
                g.writeStringField("messageId", letter.messageId());
                g.writeFieldName("envelope");
                g.writeRawValue(letter.envelope());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("audit");
            jdbc.query("SELECT CAST(to_jsonb(a) AS text) FROM audit_log a WHERE actor = ? OR target = ? OR target = ? "
                    + "OR target = ANY(?) ORDER BY seq", rs -> {
                        raw(g, rs.getString(1));
                    }, userId, "user:" + userId, userId, textArray(sessions));
            g.writeEndArray();
            g.writeEndObject();
        }
        audit.append(AuditEvent.system("subject.export", "user:" + userId, Map.of("sessions", sessions.size())));
    }

    private String reidentifiedTurn(String row) {
        try {
            ObjectNode turn = (ObjectNode) json.readTree(row);
            turn.put("text", pseudonymizer.reidentify(turn.path("session_id").asText(), turn.path("text").asText()));
            return json.writeValueAsString(turn);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void raw(JsonGenerator g, String json) {
        try {
            g.writeRawValue(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------- erasure

    /** The receipt of an erasure: per store what was deleted. */
    public record Receipt(String erasureId, String userId, String status, Instant requestedAt, Instant finishedAt,
                          JsonNode stores) {
    }

    /**
     * Erases {@code userId}: resumes their running erasure or starts one, runs it to the end here and returns the
     * receipt (status RUNNING when a step failed: the resume timer retries it). 404 when the hub knows nothing of
     * them.
     */
    public Receipt erase(String userId, String requestedBy) {
        if (count("SELECT count(*) FROM app_user WHERE CAST(id AS text) = ? AND deleted_at IS NULL", userId) == 0
                && count("SELECT count(*) FROM context_bundle WHERE owner_id = ?", userId) == 0
                && count("SELECT count(*) FROM erasure_request WHERE user_id = ? AND status = 'RUNNING'", userId) == 0) {
            // erased before: the same answer again (idempotent); never known: 404
            List<String> done = jdbc.queryForList("SELECT CAST(id AS text) FROM erasure_request WHERE user_id = ? "
                    + "AND status = 'DONE' ORDER BY finished_at DESC LIMIT 1", String.class, userId);
            if (!done.isEmpty()) {
                return receipt(done.get(0));
            }
            throw new ProblemException(ProblemType.NOT_FOUND, "The hub holds no data of user " + userId + ".");
        }
        UUID id = tx.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('erasure'), hashtext(?))", userId);
            List<UUID> running = jdbc.queryForList("SELECT id FROM erasure_request WHERE user_id = ? "
                    + "AND status = 'RUNNING'", UUID.class, userId);
            if (!running.isEmpty()) {
                return running.get(0);
            }
            UUID created = UUID.randomUUID();
            jdbc.update("INSERT INTO erasure_request (id, user_id, requested_by, status, sessions) "
                    + "VALUES (?, ?, ?, 'RUNNING', ?)", created, userId, requestedBy, textArray(sessions(userId)));
            audit.append(AuditEvent.system("subject.erase.start", "user:" + userId, Map.of("erasureId",
                    created.toString(), "requestedBy", requestedBy)));
            return created;
        });
        claim(id);
        return proceed(id);
    }

    /**
     * Route step of DELETE /me (variable {@code userId} absent: the caller) and POST /admin/subjects/{userId}/erase:
     * the receipt, with variable {@code erasureStatus} 200 when done, 202 when a step is being retried.
     */
    public Receipt eraseRequest(@org.apache.camel.Variable("caller") com.misybot.hub.platform.web.Caller caller,
                                @org.apache.camel.Variable("userId") String userId, org.apache.camel.Exchange exchange) {
        Receipt receipt = erase(userId == null ? caller.id() : userId, caller.id());
        exchange.setVariable(SubjectRoutes.STATUS, "DONE".equals(receipt.status()) ? 200 : 202);
        return receipt;
    }

    /** The timer's pass: finishes one erasure whose lease passed (its replica died or a step failed). */
    public void resumeOne() {
        List<UUID> due = jdbc.queryForList("UPDATE erasure_request SET lease_until = now() + interval '2 minutes' "
                + "WHERE id = (SELECT id FROM erasure_request WHERE status = 'RUNNING' AND (lease_until IS NULL OR "
                + "lease_until < now()) ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id", UUID.class);
        for (UUID id : due) {
            LOG.info("Resuming erasure {}", id);
            proceed(id);
        }
    }

    public Receipt receipt(String erasureId) {
        List<Receipt> found = jdbc.query("SELECT id, user_id, status, created_at, finished_at, CAST(receipt AS text) "
                + "FROM erasure_request WHERE CAST(id AS text) = ?", (rs, i) -> {
                    try {
                        return new Receipt(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null
                                        : rs.getTimestamp(5).toInstant(), json.readTree(rs.getString(6)));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, erasureId);
        if (found.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No erasure " + erasureId + ".");
        }
        return found.get(0);
    }

    private void claim(UUID id) {
        jdbc.update("UPDATE erasure_request SET lease_until = now() + interval '2 minutes' WHERE id = ?", id);
    }

    private Receipt proceed(UUID id) {
        Map<String, Object> row = jdbc.queryForMap("SELECT user_id, CAST(receipt AS text) AS receipt, sessions "
                + "FROM erasure_request WHERE id = ?", id);
        String userId = (String) row.get("user_id");
        List<String> sessions;
        try {
            sessions = List.of((String[]) ((java.sql.Array) row.get("sessions")).getArray());
            ObjectNode receipt = (ObjectNode) json.readTree((String) row.get("receipt"));
            for (String step : STEPS) {
                if (receipt.has(step)) {
                    continue; // done before a crash or a failure
                }
                JsonNode done = json.valueToTree(step(step, userId, sessions));
                jdbc.update("UPDATE erasure_request SET receipt = receipt || jsonb_build_object(?, CAST(? AS jsonb)), "
                        + "lease_until = now() + interval '2 minutes' WHERE id = ?", step,
                        json.writeValueAsString(done), id);
                receipt.set(step, done);
            }
            jdbc.update("UPDATE erasure_request SET status = 'DONE', finished_at = now(), lease_until = NULL, "
                    + "error = NULL WHERE id = ?", id);
            audit.append(AuditEvent.system("subject.erase.done", "user:" + userId, Map.of("erasureId", id.toString(),
                    "receipt", receipt)));
        } catch (RuntimeException | IOException | java.sql.SQLException e) {
            LOG.warn("Erasure {} stopped at a step and will be resumed: {}", id, e.toString());
            jdbc.update("UPDATE erasure_request SET attempts = attempts + 1, error = ?, lease_until = now() + "
                    + "interval '10 seconds' WHERE id = ?", e.toString(), id);
        }
        return receipt(id.toString());
    }

    private Object step(String step, String userId, List<String> sessions) {
        return switch (step) {
            case "deadLetters" -> {
                int discarded = 0;
                for (AgentLetter held : deadLettersOf(userId, sessions)) {
                    discarded += deadLetters.discard(held.agent(), held.letter().messageId()) ? 1 : 0;
                }
                yield Map.of("discarded", discarded);
            }
            case "vectors" -> {
                List<String> sourceIds = vectorDocuments(userId).stream().map(d -> d.getString("sourceId")).toList();
                if (!sourceIds.isEmpty()) {
                    camel.requestBody("direct:vector-delete", sourceIds);
                }
                yield Map.of("deleted", sourceIds.size());
            }
            case "cache" -> {
                for (String session : sessions) {
                    camel.send("direct:context-cache-evict", e -> e.setVariable("sessionId", session));
                }
                yield Map.of("evicted", sessions.size());
            }
            case "postgresql" -> tx.execute(status -> {
                MapSqlParameterSource params = params(userId, sessions);
                Map<String, Integer> deleted = new LinkedHashMap<>();
                for (Table t : TABLES) {
                    deleted.put(t.name(), named.update("DELETE FROM " + t.name() + " x WHERE " + t.where(), params));
                }
                // other users' campaigns forget the sessions: no later round names (or launches in) them
                deleted.put("campaign (sessions removed)", named.update("UPDATE campaign SET sessions = sessions - "
                        + "CAST(:sessions AS text[]), updated_at = now() WHERE jsonb_exists_any(sessions, "
                        + "CAST(:sessions AS text[]))",
                        params));
                deleted.put("app_user (anonymized)", jdbc.update("UPDATE app_user SET username = 'erased-' || "
                        + "CAST(id AS text), password_hash = '!', roles = '{}', enabled = false, deleted_at = now(), "
                        + "updated_at = now() WHERE CAST(id AS text) = ? AND deleted_at IS NULL", userId));
                return deleted;
            });
            case "vault" -> {
                sessions.forEach(pseudonymizer::forget);
                yield Map.of("subjectKeyDestroyed", subjectKeys.destroy(userId));
            }
            default -> throw new IllegalStateException("unknown erasure step " + step);
        };
    }

    private List<String> sessions(String userId) {
        return jdbc.queryForList("SELECT session_id FROM context_bundle WHERE owner_id = ? ORDER BY session_id",
                String.class, userId);
    }

    @SuppressWarnings("unchecked")
    private List<Document> vectorDocuments(String userId) {
        List<Document> docs = camel.requestBody("direct:vector-documents-of-owner", userId, List.class);
        return docs == null ? List.of() : docs;
    }

    private record AgentLetter(String agent, DeadLetterQueues.DeadLetter letter) {
    }

    /** The dead letters of the subject's sessions or naming them as owner. */
    private List<AgentLetter> deadLettersOf(String userId, List<String> sessions) {
        List<AgentLetter> found = new ArrayList<>();
        for (String agent : deadLetters.counts().keySet()) {
            for (DeadLetterQueues.DeadLetter letter : deadLetters.list(agent, 1000)) {
                try {
                    JsonNode envelope = json.readTree(letter.envelope());
                    if (sessions.contains(envelope.path("sessionId").asText())
                            || userId.equals(envelope.path("payload").path("ownerId").asText())) {
                        found.add(new AgentLetter(agent, letter));
                    }
                } catch (IOException e) {
                    // not JSON: an envelope this hub could not parse names nobody it could tell
                }
            }
        }
        return found;
    }

    private static MapSqlParameterSource params(String userId, List<String> sessions) {
        return new MapSqlParameterSource().addValue("user", userId).addValue("sessions", textArray(sessions),
                java.sql.Types.ARRAY);
    }

    /** A text[] parameter (bound as a JDBC array, never spliced into SQL). */
    static org.springframework.jdbc.core.support.AbstractSqlTypeValue textArray(List<String> values) {
        return new org.springframework.jdbc.core.support.AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(java.sql.Connection con, int sqlType, String typeName)
                    throws java.sql.SQLException {
                return con.createArrayOf("text", values.toArray());
            }
        };
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}
