package com.misybot.hub.pipelines.campaign;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.campaigns.*}: how often due campaign rounds are looked for, the shortest and the default cadence of a
 * campaign's rounds, how long a planned launch may wait before its round is sent again, the most rounds a campaign
 * may run, and the variants a campaign gets when its request names none.
 */
@ConfigurationProperties(prefix = "hub.campaigns")
public record CampaignProperties(@DefaultValue("30000") long tickMillis,
                                 @DefaultValue("PT1M") Duration minCadence,
                                 @DefaultValue("PT24H") Duration defaultCadence,
                                 @DefaultValue("PT5M") Duration resumeAfter,
                                 @DefaultValue("500") int maxRounds,
                                 List<Variant> defaultVariants) {

    /** An arm of the bandit: a name and the parameters a run of that variant takes. */
    public record Variant(String name, Map<String, Object> parameters) {

        public Variant {
            parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        }
    }

    public CampaignProperties {
        if (minCadence.isNegative() || minCadence.isZero()) {
            throw new IllegalStateException("hub.campaigns.min-cadence must be positive, not " + minCadence);
        }
        if (defaultCadence.compareTo(minCadence) < 0) {
            throw new IllegalStateException("hub.campaigns.default-cadence " + defaultCadence
                    + " is shorter than hub.campaigns.min-cadence " + minCadence);
        }
        if (maxRounds < 1) {
            throw new IllegalStateException("hub.campaigns.max-rounds must be at least 1, not " + maxRounds);
        }
        defaultVariants = defaultVariants == null ? List.of() : List.copyOf(defaultVariants);
        if (defaultVariants.size() == 1) {
            throw new IllegalStateException("hub.campaigns.default-variants needs at least two variants (or none)");
        }
    }
}
