package com.misybot.hub.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.bus.BusHeaders;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.bus.EnvelopeCodec;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** Builds the parameters of the context routes and shapes their results into API views; no Camel types inside. */
@Component("contextCommands")
public class ContextCommands {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Agent that receives every user message (through the outbox, in the turn's transaction). */
    static final String FRONT_DESK = "front-desk";

    private final EnvelopeCodec envelopes;

    public ContextCommands(EnvelopeCodec envelopes) {
        this.envelopes = envelopes;
    }

    /** Answer of POST /sessions/{id}/messages. */
    public record Accepted(String sessionId, String turnId, String correlationId) {
    }

    /** One turn in a session view. */
    public record TurnView(String turnId, int seq, String role, String text, String agent, String channel,
                           Instant createdAt) {
    }

    /** Answer of GET /sessions/{id}. */
    public record SessionView(String sessionId, String ownerId, int turnCount, long version, Instant createdAt,
                              Instant updatedAt, List<TurnView> turns) {
    }

    /** Parameters for {@code direct:context-turn-append} with a new user turn. */
    public Map<String, Object> userTurn(@Variable("sessionId") String sessionId, @Variable("caller") Caller caller,
                                        @Variable("json") JsonNode json, @Variable("correlationId") String correlationId,
                                        @Variable("piiLevel") String piiLevel) {
        Map<String, Object> params = new HashMap<>();
        params.put("bundleId", UUID.randomUUID());
        params.put("turnId", UUID.randomUUID());
        params.put("sessionId", checkSessionId(sessionId));
        params.put("ownerId", caller.id());
        params.put("role", "user");
        params.put("text", json.path("text").asText());
        params.put("agent", null);
        params.put("channel", json.hasNonNull("channel") ? json.get("channel").asText() : null);
        params.put("correlationId", correlationId);
        params.put("replyTo", null);
        // the level the text was pseudonymized under before this step (none when nothing did)
        params.put("piiLevel", piiLevel == null ? "none" : piiLevel);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("turnId", params.get("turnId").toString());
        payload.put("ownerId", caller.id());
        payload.put("text", params.get("text"));
        payload.put("channel", params.get("channel"));
        Envelope envelope = Envelope.create("session.message", FRONT_DESK, sessionId, correlationId,
                params.get("turnId").toString(), Envelope.DEFAULT_PRIORITY, payload);
        params.put("messageId", envelope.messageId());
        params.put("targetAgent", FRONT_DESK);
        params.put("envelope", envelopes.toJson(envelope));
        params.put("busHeaders", envelopes.headersJson(Map.of(BusHeaders.CORRELATION_ID, correlationId)));
        return params;
    }

    public Accepted accepted(Map<String, Object> params) {
        return new Accepted((String) params.get("sessionId"), params.get("turnId").toString(),
                (String) params.get("correlationId"));
    }

    /** Parameters for {@code direct:context-session-read}. */
    public Map<String, Object> sessionRead(@Variable("sessionId") String sessionId) {
        return Map.of("sessionId", checkSessionId(sessionId));
    }

    /** The session view, or 404 when the caller neither owns the session nor is an operator/superadmin. */
    public SessionView sessionView(@Header("bundle") Map<String, Object> bundle, @Variable("caller") Caller caller,
                                   List<Map<String, Object>> rows) {
        String owner = (String) bundle.get("owner_id");
        if (!owner.equals(caller.id()) && !caller.isPrivileged()) {
            throw new SessionNotFoundException(SessionNotFoundException.DETAIL);
        }
        List<TurnView> turns = rows.stream().map(row -> new TurnView(row.get("id").toString(),
                ((Number) row.get("seq")).intValue(), (String) row.get("role"), (String) row.get("text"),
                (String) row.get("agent"), (String) row.get("channel"), instant(row.get("created_at")))).toList();
        return new SessionView((String) bundle.get("session_id"), owner, ((Number) bundle.get("turn_count")).intValue(),
                ((Number) bundle.get("version")).longValue(), instant(bundle.get("created_at")),
                instant(bundle.get("updated_at")), turns);
    }

    public static String checkSessionId(String sessionId) {
        if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "The session id must be 1..64 characters of [A-Za-z0-9._-].");
        }
        return sessionId;
    }

    public static Instant instant(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }
}
