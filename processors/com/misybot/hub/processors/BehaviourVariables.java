package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentBehaviour;
import org.apache.camel.Exchange;

/**
 * Reads an agent behaviour from the exchange variables the agent kamelets set from their parameters
 * ({@code agentPrompt}, {@code agentOutputSchema}, {@code agentTemperature}, {@code agentMaxTokens},
 * {@code agentRepairs}, {@code agentFallback}); an empty value means "the configured default".
 */
final class BehaviourVariables {

    private BehaviourVariables() {
    }

    static AgentBehaviour of(Exchange exchange) {
        return new AgentBehaviour(text(exchange, "agentPrompt"), text(exchange, "agentOutputSchema"),
                decimal(exchange, "agentTemperature"), whole(exchange, "agentMaxTokens"),
                whole(exchange, "agentRepairs"), text(exchange, "agentFallback"));
    }

    static String text(Exchange exchange, String name) {
        Object value = exchange.getVariable(name);
        String text = value == null ? null : value.toString().trim();
        return text == null || text.isEmpty() ? null : text;
    }

    static Integer whole(Exchange exchange, String name) {
        String text = text(exchange, name);
        return text == null ? null : Integer.valueOf(text);
    }

    /** A number; empty or {@code model-default} = null (the configured or model's default). */
    static Double decimal(Exchange exchange, String name) {
        String text = text(exchange, name);
        return text == null || "model-default".equals(text) ? null : Double.valueOf(text);
    }
}
