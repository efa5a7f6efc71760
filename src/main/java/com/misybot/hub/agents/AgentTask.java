package com.misybot.hub.agents;

import com.misybot.hub.bus.Envelope;
import java.util.Map;

/**
 * The work front-desk hands an agent (envelope payload): the user turn to answer, its owner and text, the immutable
 * context snapshot to work from, and how sure the routing was.
 */
public record AgentTask(String sessionId, String ownerId, String turnId, String text, String snapshotRef,
                        String correlationId, double confidence) {

    public static AgentTask of(Envelope envelope) {
        Map<String, Object> p = envelope.payload();
        Object confidence = p.get("confidence");
        return new AgentTask(envelope.sessionId(), (String) p.get("ownerId"), (String) p.get("turnId"),
                (String) p.get("text"), (String) p.get("snapshotRef"), envelope.correlationId(),
                confidence instanceof Number n ? n.doubleValue() : 1.0);
    }
}
