package com.misybot.hub.bus;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The outbox relay as a route (visible and stoppable in Hawtio): polls {@code bus_outbox} and publishes. */
@Component
public class OutboxRoutes extends RouteBuilder {

    public static final String ROUTE_ID = "bus-outbox-relay";

    @Override
    public void configure() {
        from("timer:bus-outbox-relay?delay=1000&period={{hub.bus.outbox.poll-millis}}")
                .routeId(ROUTE_ID)
                .bean("outboxRelay", "relay")
                .filter(body().isGreaterThan(0))
                    .log(LoggingLevel.DEBUG, "Relayed ${body} outbox message(s)")
                .end();
    }
}
