package com.misybot.hub.operator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Typed view of {@code hub.routes.*} (declared and commented in application.yaml). */
@ConfigurationProperties(prefix = "hub.routes")
public record OperatorRoutesProperties(@DefaultValue("routes") String dir,
                                       @DefaultValue("false") boolean reload,
                                       @DefaultValue("3s") Duration syncInterval,
                                       @DefaultValue("hub_route_change") String notifyChannel,
                                       @DefaultValue("30s") Duration stopTimeout,
                                       @DefaultValue("10s") Duration swapWait,
                                       @DefaultValue Activation activation) {

    /** The watch after an activation: roll back when the error rate exceeds the threshold within the window. */
    public record Activation(@DefaultValue("0.5") double maxErrorRate,
                             @DefaultValue("2m") Duration watchWindow,
                             @DefaultValue("20") long minExchanges) {
    }
}
