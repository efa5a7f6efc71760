package com.misybot.hub.ingress;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Bench profile only: a bare platform-http echo, the baseline bench/ingress.sh measures the real ingress against. */
@Component
@ConditionalOnProperty(name = "hub.bench.echo-enabled", havingValue = "true")
public class BenchRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/api/v1/bench/echo?httpMethodRestrict=POST").routeId("bench-echo")
                .removeHeaders("*")
                .setHeader("CamelHttpResponseCode", constant(202))
                .setHeader("Content-Type", constant("application/json"));
    }
}
