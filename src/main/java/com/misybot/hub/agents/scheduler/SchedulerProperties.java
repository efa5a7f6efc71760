package com.misybot.hub.agents.scheduler;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.scheduler.*}: slot length of the post calendar and how far ahead an unspecified post goes. */
@ConfigurationProperties(prefix = "hub.scheduler")
public record SchedulerProperties(@DefaultValue("15") int slotMinutes, @DefaultValue("PT15M") Duration leadTime) {

    public SchedulerProperties {
        if (slotMinutes < 1 || slotMinutes > 1440) {
            throw new IllegalArgumentException("hub.scheduler.slot-minutes must be 1..1440, not " + slotMinutes);
        }
        if (leadTime.isNegative()) {
            throw new IllegalArgumentException("hub.scheduler.lead-time must not be negative, not " + leadTime);
        }
    }

    public Duration slot() {
        return Duration.ofMinutes(slotMinutes);
    }
}
