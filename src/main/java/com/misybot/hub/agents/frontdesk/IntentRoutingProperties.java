package com.misybot.hub.agents.frontdesk;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.agents.routing.*} (declared and commented in application.yaml): where the agents file is, the hub's
 * agent ids it may name, and optional overrides of the file's per-model thresholds.
 */
@ConfigurationProperties(prefix = "hub.agents.routing")
public record IntentRoutingProperties(@DefaultValue("classpath:config/agents.yaml") String file,
                                      @DefaultValue({"faq-responder", "creative-synthesizer", "video-scriptor",
                                              "trend-scanner", "content-editor", "post-scheduler",
                                              "analytics-reporter", "campaign-orchestrator"})
                                      List<String> knownAgents,
                                      Double minConfidence,
                                      Double minMargin) {

    public IntentRoutingProperties {
        if (minConfidence != null && (minConfidence < 0 || minConfidence > 1)) {
            throw new IllegalArgumentException("hub.agents.routing.min-confidence must be between 0 and 1, got "
                    + minConfidence);
        }
        if (minMargin != null && (minMargin < 0 || minMargin > 1)) {
            throw new IllegalArgumentException("hub.agents.routing.min-margin must be between 0 and 1, got "
                    + minMargin);
        }
    }
}
