package com.misybot.hub.agents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.agents.*}: what each agent reads from semantic memory. */
@ConfigurationProperties(prefix = "hub.agents")
public record AgentProperties(Faq faq) {

    /**
     * faq-responder: knowledge collection searched, documents given to the model, and the lowest similarity that
     * counts as an answer (null = the embedding model's default minScore).
     */
    public record Faq(@DefaultValue("faq") String collection, @DefaultValue("3") int documents, Double minScore) {
    }
}
