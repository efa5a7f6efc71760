package com.misybot.hub.saga;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Route {@code saga-recovery}: the persistent saga service's recovery pass, at start and then periodically. */
@Component
@ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
public class SagaRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // first pass at start (delay 0): sagas left by a crashed instance are finished as soon as their lease ends
        from("timer:saga-recovery?delay=0&period={{hub.saga.recovery-interval:1000}}").routeId("saga-recovery")
                .bean("sagaRecovery", "run")
                .filter(simple("${body.claimed} > 0"))
                    .log("Saga recovery claimed ${body.claimed} saga(s)");
    }
}
