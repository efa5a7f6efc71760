package com.misybot.hub.privacy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.privacy.*}: PII detection, consent and DLP of outbound calls. */
@ConfigurationProperties(prefix = "hub.privacy")
public record PrivacyProperties(@DefaultValue Pii pii, @DefaultValue Consent consent, @DefaultValue Dlp dlp,
                                @DefaultValue Pseudonymization pseudonymization) {

    /**
     * Pseudonymization at ingress: the level of a session that set none ({@code none}, {@code pseudonymized},
     * {@code anonymized}), how long one key of the one-way surrogates lives, and how often stored context is
     * checked against its session's level.
     */
    public record Pseudonymization(@DefaultValue("pseudonymized") String defaultLevel,
                                   @DefaultValue("30d") java.time.Duration hashKeyPeriod,
                                   @DefaultValue("30s") java.time.Duration sanitizeInterval,
                                   @DefaultValue("200") int sanitizeBatch) {

        public Pseudonymization {
            if (!java.util.Set.of("none", "pseudonymized", "anonymized").contains(defaultLevel)) {
                throw new IllegalArgumentException("hub.privacy.pseudonymization.default-level must be none, "
                        + "pseudonymized or anonymized, not " + defaultLevel);
            }
            if (hashKeyPeriod.toHours() < 1) {
                throw new IllegalArgumentException("hub.privacy.pseudonymization.hash-key-period must be 1h or more");
            }
        }
    }

    /** What happens to PII in outbound calls, per destination: pseudonymize, redact, block or off. */
    public record Dlp(java.util.Map<String, String> outbound) {

        public Dlp {
            outbound = outbound == null ? java.util.Map.of("llm", "pseudonymize", "publish", "redact")
                    : java.util.Map.copyOf(outbound);
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
