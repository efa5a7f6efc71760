package com.misybot.hub.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.privacy.*}: PII detection and consent. */
@ConfigurationProperties(prefix = "hub.privacy")
public record PrivacyProperties(@DefaultValue Pii pii, @DefaultValue Consent consent) {

    /** Consent purposes and whether each holds for a user who recorded nothing (from configuration). */
    public record Consent(java.util.Map<String, Boolean> defaults) {

        public Consent {
            defaults = defaults == null || defaults.isEmpty() ? java.util.Map.of("personalization", true, "analytics",
                    false, "model-improvement", false, "marketing", false) : java.util.Map.copyOf(defaults);
        }
    }

    /** Detection threshold and the analyze API's per-caller budget. */
    public record Pii(@DefaultValue("0.4") double threshold,
                      @DefaultValue("120") long analyzePerUserPerMinute) {
    }
}
