package com.misybot.hub.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.Envelope;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Parameters of {@code sql/agent-event-receipt.sql}: an agent received a bus message. */
@Component("agentReceipts")
public class AgentReceipts {

    private final ObjectMapper json;

    public AgentReceipts(ObjectMapper json) {
        this.json = json;
    }

    public Map<String, Object> receipt(Envelope envelope) throws JsonProcessingException {
        Map<String, Object> params = new HashMap<>();
        params.put("sessionId", envelope.sessionId());
        params.put("agent", envelope.agent());
        params.put("eventType", "bus.received");
        params.put("actorId", "agent:" + envelope.agent());
        params.put("payload", json.writeValueAsString(Map.of("type", envelope.type(),
                "causationId", String.valueOf(envelope.causationId()))));
        params.put("correlationId", envelope.correlationId());
        params.put("messageId", UUID.fromString(envelope.messageId()));
        return params;
    }
}
