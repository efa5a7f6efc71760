package com.misybot.hub.pipelines.policy;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Policy gate of the viralization pipeline, called in-process: body PolicyInput in, body PolicyDecision out. */
@Component
public class PolicyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:policy-evaluate").routeId("policy-evaluate").errorHandler(noErrorHandler())
                .bean("policyGate", "evaluate");
    }
}
