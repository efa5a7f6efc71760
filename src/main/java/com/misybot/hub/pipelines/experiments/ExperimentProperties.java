package com.misybot.hub.pipelines.experiments;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.experiments.*} (how often running experiments are evaluated and platform stats polled) and the
 * metrics side of {@code hub.publish.platforms.<platform>.*}: the secret a platform signs its metrics posts with,
 * and the stats URL the hub may poll instead.
 */
@ConfigurationProperties(prefix = "hub")
public record ExperimentProperties(@DefaultValue Experiments experiments, @DefaultValue Publish publish) {

    public record Experiments(@DefaultValue("60000") long evaluateIntervalMillis,
                              @DefaultValue("300000") long pollIntervalMillis) {
    }

    public record Publish(Map<String, Platform> platforms) {

        public Map<String, Platform> platforms() {
            return platforms == null ? Map.of() : platforms;
        }
    }

    /**
     * Only what experiments read of a platform (its url belongs to ViralizationProperties): the webhook secret, and
     * an optional stats URL template whose {@value #POST_ID} is replaced by the platform's post id.
     */
    public record Platform(String webhookSecret, String statsUrl) {

        public static final String POST_ID = "{postId}";
    }

    /** The webhook secret of {@code platform}, or null when none is configured (every post is then refused). */
    public String webhookSecret(String platform) {
        Platform configured = publish.platforms().get(platform);
        return configured == null ? null : configured.webhookSecret();
    }
}
