package com.misybot.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.BusProperties;
import com.misybot.hub.bus.DeadLetterQueues;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.QueryParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Operator actions on the dead-letter queues; every action (reads included) is audited in agent_event_log. */
@Service("deadLetterAdmin")
public class DeadLetterAdmin {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    /** One agent's dead-letter queue and its depth. */
    public record QueueCount(String agent, String queue, long count) {
    }

    public record Counts(String transport, List<QueueCount> queues) {
    }

    /** A dead letter as shown to operators: the envelope parsed when it is JSON, else the raw text. */
    public record Letter(String messageId, Map<String, Object> headers, Object envelope) {
    }

    public record Letters(String agent, int count, List<Letter> messages) {
    }

    public record Replayed(String agent, List<String> replayed, List<String> notFound) {
    }

    private final DeadLetterQueues queues;
    private final BusProperties bus;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    private final AuditLog auditLog;

    public DeadLetterAdmin(DeadLetterQueues queues, BusProperties bus, JdbcTemplate jdbc, ObjectMapper json,
                           AuditLog auditLog) {
        this.auditLog = auditLog;
        this.queues = queues;
        this.bus = bus;
        this.jdbc = jdbc;
        this.json = json;
    }

    public Counts counts(@Variable("caller") Caller caller) {
        List<QueueCount> counts = new ArrayList<>();
        queues.counts().forEach((agent, n) -> counts.add(new QueueCount(agent, bus.deadLetterQueue(agent), n)));
        audit(caller, null, "dlq.count", Map.of());
        return new Counts(bus.transport().name().toLowerCase(), counts);
    }

    public Letters list(@Variable("agent") String agent, @Variable("limit") String limit,
                        @Variable("caller") Caller caller) {
        checkAgent(agent);
        int n = limit(limit);
        List<Letter> letters = queues.list(agent, n).stream()
                .map(letter -> new Letter(letter.messageId(), letter.headers(), parse(letter.envelope()))).toList();
        audit(caller, agent, "dlq.list", Map.of("limit", n, "returned", letters.size()));
        return new Letters(agent, letters.size(), letters);
    }

    public Replayed replay(@Variable("agent") String agent, @Variable("json") JsonNode request,
                           @Variable("caller") Caller caller) {
        checkAgent(agent);
        Set<String> wanted = new LinkedHashSet<>();
        request.path("messageIds").forEach(id -> wanted.add(id.asText()));
        List<String> replayed = queues.replay(agent, wanted);
        List<String> notFound = wanted.stream().filter(id -> !replayed.contains(id)).toList();
        audit(caller, agent, "dlq.replay", Map.of("requested", wanted.isEmpty() ? "all" : List.copyOf(wanted),
                "replayed", replayed, "notFound", notFound));
        return new Replayed(agent, replayed, notFound);
    }

    public Map<String, Object> discard(@Variable("agent") String agent, @Variable("messageId") String messageId,
                                       @Variable("caller") Caller caller) {
        checkAgent(agent);
        boolean removed = queues.discard(agent, messageId);
        audit(caller, agent, "dlq.discard", Map.of("messageId", messageId, "removed", removed));
        if (!removed) {
            throw new ProblemException(ProblemType.NOT_FOUND,
                    "No dead letter with messageId '" + messageId + "' for agent '" + agent + "'.");
        }
        return Map.of("agent", agent, "discarded", messageId);
    }

    private void checkAgent(String agent) {
        bus.requireAgent(agent);
    }

    private static int limit(String limit) {
        return QueryParams.integer(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    }

    private Object parse(String envelope) {
        try {
            return json.readTree(envelope);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return envelope;
        }
    }

    private void audit(Caller caller, String agent, String event, Map<String, Object> details) {
        Map<String, Object> payload = new LinkedHashMap<>(details);
        // the audit chain gets the caller's id, never its name
        auditLog.append(AuditEvent.by(caller.id(), caller.roles(), event, agent == null ? null : "agent:" + agent,
                details));
        payload.put("actorName", caller.name());
        try {
            jdbc.update("INSERT INTO agent_event_log (agent, event_type, actor_id, payload) VALUES (?, ?, ?, ?::jsonb)",
                    agent, event, caller.id(), json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
