package com.misybot.hub.pipelines;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.pipelines.viralization.*} and {@code hub.publish.*}: the viralization saga and where it publishes. */
@ConfigurationProperties(prefix = "hub")
public record ViralizationProperties(@DefaultValue Pipelines pipelines, @DefaultValue Publish publish) {

    public record Pipelines(@DefaultValue Viralization viralization) {
    }

    public record Viralization(@DefaultValue("PT1H") Duration timeout,
                               @DefaultValue("PT24H") Duration approvalTimeout,
                               @DefaultValue("4") int workers) {
    }

    /** Platform id → its publishing endpoint; {@code sandbox} turns on the hub's own sandbox platform. */
    public record Publish(Map<String, Platform> platforms, @DefaultValue("10000") long timeoutMillis,
                          @DefaultValue("false") boolean sandbox) {

        public Map<String, Platform> platforms() {
            return platforms == null ? Map.of() : platforms;
        }
    }

    public record Platform(String url) {
    }
}
