package com.misybot.hub.operator;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The registry's background routes, on every replica: the periodic reconcile with the database (makes up for a
 * missed notification; in development also reloads edited files) and the watch after each activation.
 */
@Component
public class OperatorRegistryRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // this replica runs the active version of every unit, whatever notification it missed
        from("timer:operator-route-sync?delay={{hub.routes.sync-interval}}&period={{hub.routes.sync-interval}}")
                .routeId("operator-route-sync")
                .bean("operatorRouteSync", "sync");

        // roll back an activation whose error rate is over hub.routes.activation.max-error-rate
        from("timer:operator-route-watch?delay={{hub.routes.sync-interval}}&period={{hub.routes.sync-interval}}")
                .routeId("operator-route-watch")
                .bean("routeWatch", "check");
    }
}
