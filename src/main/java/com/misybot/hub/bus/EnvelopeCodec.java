package com.misybot.hub.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.Correlation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Turns envelopes into bus messages and back: JSON body, transport-neutral headers (messageId, correlation id,
 * priority) and exchange variables. Each hop parses the JSON once; {@link EnvelopeSchema} validates that tree.
 */
@Component("envelopeCodec")
public class EnvelopeCodec {

    private final ObjectMapper json;
    private final BusProperties bus;

    public EnvelopeCodec(ObjectMapper json, BusProperties bus) {
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.bus = bus;
    }

    /** Before validation and publishing: the body becomes the envelope JSON; only bus headers are kept. */
    public void outgoing(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        String text = body instanceof String s ? s
                : body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : json.writeValueAsString(body);
        JsonNode node = parse(text);
        String agent = node.path("agent").asText(null);
        String target = exchange.getVariable(BusHeaders.VAR_AGENT, String.class);
        if (target != null && !target.equals(agent)) {
            throw new InvalidEnvelopeException(List.of("/agent: the envelope names '" + agent
                    + "' but is sent to '" + target + "'"));
        }
        if (agent != null && !bus.agents().contains(agent)) {
            // a broker would drop a message nobody consumes: refuse it while the sender can still react
            throw new InvalidEnvelopeException(List.of("/agent: no agent '" + agent + "' on the bus (hub.bus.agents)"));
        }
        exchange.setVariable(BusHeaders.VAR_AGENT, agent);
        exchange.setVariable(BusHeaders.VAR_MESSAGE_ID, node.path("messageId").asText(null));
        exchange.setVariable(BusHeaders.VAR_RAW, text);
        exchange.setVariable(BusHeaders.VAR_TREE, node);
        Object delay = message.getHeader(BusHeaders.VAR_DELAY_MS);
        if (delay != null) {
            exchange.setVariable(BusHeaders.VAR_DELAY_MS, delay);
        }
        // whatever the caller carried (HTTP headers, ...) stays out of the broker message
        message.removeHeaders("*", BusHeaders.TRACEPARENT, "tracestate");
        message.setHeader(BusHeaders.MESSAGE_ID, node.path("messageId").asText(null));
        message.setHeader(BusHeaders.AGENT, agent);
        message.setHeader(BusHeaders.CORRELATION_ID, node.path("correlationId").asText(null));
        message.setHeader(BusHeaders.PRIORITY, node.path("priority").asInt(Envelope.DEFAULT_PRIORITY));
        message.setBody(text);
    }

    /** On receipt, before validation: the raw text is kept for dead-lettering; non-JSON is rejected. */
    public void incoming(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String text = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                : exchange.getMessage().getBody(String.class);
        exchange.setVariable(BusHeaders.VAR_RAW, text);
        exchange.getMessage().setBody(text);
        JsonNode node = parse(text == null ? "" : text);
        exchange.setVariable(BusHeaders.VAR_TREE, node);
        String correlationId = node.path("correlationId").asText(null);
        if (Correlation.isValid(correlationId)) {
            MDC.put(Correlation.KEY, correlationId);
        }
        Correlation.sessionInMdc(node.path("sessionId").asText(null));
        exchange.setVariable(BusHeaders.VAR_MESSAGE_ID, node.path("messageId").asText(null));
    }

    /** After validation: the body becomes the {@link Envelope} the agent route works with. */
    public void read(Exchange exchange) throws JsonProcessingException {
        Envelope envelope = json.treeToValue(exchange.getVariable(BusHeaders.VAR_TREE, JsonNode.class), Envelope.class);
        String queueAgent = exchange.getVariable(BusHeaders.VAR_AGENT, String.class);
        if (queueAgent != null && !queueAgent.equals(envelope.agent())) {
            throw new InvalidEnvelopeException(List.of("/agent: the envelope names '" + envelope.agent()
                    + "' but arrived on the queue of '" + queueAgent + "'"));
        }
        exchange.getMessage().setBody(envelope);
    }

    public Map<String, Object> toMap(Envelope envelope) {
        return json.convertValue(envelope, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    /** JSON text of an envelope (or any envelope-shaped value). */
    public String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Message headers stored with an outbox row (JSON object of strings). */
    public String headersJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> headersFromJson(String text) {
        try {
            return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidEnvelopeException(List.of("/: the message body is not a JSON object"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidEnvelopeException(List.of("/: the message body is not JSON (" + e.getOriginalMessage() + ")"));
        }
    }
}
