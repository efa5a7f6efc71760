package com.misybot.hub.agents.frontdesk;

/** {@code config/agents.yaml} is unreadable or breaks a rule; the message names the file, the agent and the rule. */
public class AgentCatalogException extends IllegalStateException {

    public AgentCatalogException(String message) {
        super(message);
    }

    public AgentCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
