package com.misybot.hub.agents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.agents.*}: what each agent reads from semantic memory. */
@ConfigurationProperties(prefix = "hub.agents")
public record AgentProperties(Faq faq, Creative creative, Video video) {

    /**
     * faq-responder: knowledge collection searched, documents given to the model, and the lowest similarity that
     * counts as an answer (null = the embedding model's default minScore).
     */
    /** creative-synthesizer: variants per request. */
    public record Creative(@DefaultValue("3") int variants) {
    }

    /** video-scriptor: the knowledge collection of script templates, and the platform rules file. */
    public record Video(@DefaultValue("script-templates") String templates,
                        @DefaultValue("classpath:config/platforms.yaml") String platforms) {
    }

    public record Faq(@DefaultValue("faq") String collection, @DefaultValue("3") int documents, Double minScore) {
    }
}
