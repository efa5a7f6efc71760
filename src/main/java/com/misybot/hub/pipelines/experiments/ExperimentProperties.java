package com.misybot.hub.pipelines.experiments;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.experiments.*} (how often running experiments are evaluated) and the webhook side of
 * {@code hub.publish.platforms.<platform>.*}: the secret a platform signs its metrics posts with.
 */
@ConfigurationProperties(prefix = "hub")
public record ExperimentProperties(@DefaultValue Experiments experiments, @DefaultValue Publish publish) {

    public record Experiments(@DefaultValue("60000") long evaluateIntervalMillis) {
    }

    public record Publish(Map<String, Platform> platforms) {

        public Map<String, Platform> platforms() {
            return platforms == null ? Map.of() : platforms;
        }
    }

    /** Only what experiments read of a platform; its url belongs to ViralizationProperties. */
    public record Platform(String webhookSecret) {
    }

    /** The webhook secret of {@code platform}, or null when none is configured (every post is then refused). */
    public String webhookSecret(String platform) {
        Platform configured = publish.platforms().get(platform);
        return configured == null ? null : configured.webhookSecret();
    }
}
