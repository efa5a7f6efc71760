package com.misybot.hub.agents;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.agents.*}: platform configuration the agents share. Their behaviour (prompts, model parameters,
 * retrieval collections and thresholds, variant counts, regeneration rules) is operator YAML in routes/agents/.
 */
@ConfigurationProperties(prefix = "hub.agents")
public record AgentProperties(Video video) {

    /** video-scriptor: the platform rules file (longest video per platform). */
    public record Video(@DefaultValue("classpath:config/platforms.yaml") String platforms) {
    }
}
