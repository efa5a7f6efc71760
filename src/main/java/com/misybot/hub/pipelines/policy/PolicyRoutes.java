package com.misybot.hub.pipelines.policy;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Policy gate of the viralization pipeline, called in-process: body PolicyInput in, body PolicyDecision out. And the
 * periodic reconcile with the policy versions in PostgreSQL (makes up for a change notification this replica missed).
 */
@Component
public class PolicyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:policy-evaluate").routeId("policy-evaluate").errorHandler(noErrorHandler())
                .bean("policyRegistry", "evaluate");

        from("timer:policy-sync?delay={{hub.policies.sync-interval}}&period={{hub.policies.sync-interval}}")
                .routeId("policy-sync")
                .bean("policyRegistry", "reconcile");
    }
}
