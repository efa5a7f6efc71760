package com.misybot.hub.bus;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Bench profile only: the bench agent ({@code hub.bench.bus-agent}, default bench-sink) and
 * {@code POST /api/v1/bench/bus} that bench/bus.sh drives.
 */
@Component
@ConditionalOnProperty(name = "hub.bench.bus-enabled", havingValue = "true")
public class BusBenchRoutes extends RouteBuilder {

    private final String agent;

    public BusBenchRoutes(@Value("${hub.bench.bus-agent}") String agent) {
        this.agent = agent;
    }

    @Override
    public void configure() {
        from("kamelet:agent-bus-source?agent=" + agent).routeId(agent)
                .routeConfigurationId(AgentBusRouteConfiguration.ID)
                .bean("busBench", "receive");

        // bad parameters and failures answer problem+json like every other HTTP route (400 for a bad step or count)
        from("platform-http:/api/v1/bench/bus?httpMethodRestrict=POST").routeId("bench-bus")
                .routeConfigurationId(IngressRouteBuilder.ROUTE_CONFIGURATION)
                .bean("busBench", "run")
                .removeHeaders("*")
                .marshal().json()
                .setHeader("Content-Type", constant("application/json"));
    }
}
