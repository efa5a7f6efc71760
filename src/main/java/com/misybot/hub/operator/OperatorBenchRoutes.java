package com.misybot.hub.operator;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Bench profile only: the Java DSL twin of the YAML route bench/reload.sh submits (bench/ext-echo.camel.yaml), on
 * the same kind of path (under /api/v1/ext/: same security, same request gate), so the two differ only in the DSL
 * that defined them.
 */
@Component
@ConditionalOnProperty(name = "hub.bench.echo-enabled", havingValue = "true")
public class OperatorBenchRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("platform-http:/api/v1/ext/bench-echo-java?httpMethodRestrict=GET").routeId("bench-ext-echo-java")
                .removeHeaders("*")
                .setHeader("Content-Type", constant("application/json"))
                .setBody(simple("{\"route\":\"${routeId}\",\"version\":\"java\"}"));
    }
}
