package com.misybot.hub.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.privacy.*}: PII detection, consent and DLP of outbound calls. */
@ConfigurationProperties(prefix = "hub.privacy")
public record PrivacyProperties(@DefaultValue Pii pii, @DefaultValue Consent consent, @DefaultValue Dlp dlp) {

    /** What happens to PII in outbound calls, per destination: pseudonymize, redact, block or off. */
    public record Dlp(java.util.Map<String, String> outbound) {

        public Dlp {
            outbound = outbound == null ? java.util.Map.of("llm", "pseudonymize") : java.util.Map.copyOf(outbound);
        }
    }

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
