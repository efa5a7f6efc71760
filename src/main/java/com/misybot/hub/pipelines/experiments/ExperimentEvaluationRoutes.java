package com.misybot.hub.pipelines.experiments;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Auto-promotion: every running experiment is evaluated on a timer ({@code experiment-evaluate-all}), and one
 * experiment right after a metrics post of its runs ({@code experiment-evaluate}, body = the experiment id).
 * Safe on every replica at once: a promotion happens only on the replica whose update finds the experiment running.
 */
@Component
public class ExperimentEvaluationRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:experiment-evaluate").routeId("experiment-evaluate")
                .onException(Exception.class).handled(true)
                    .log(LoggingLevel.WARN, "Experiment ${body} could not be evaluated: ${exception.message}")
                .end()
                .bean("experimentEvaluator", "evaluate");

        from("timer:experiment-evaluate-all?delay=10000&period={{hub.experiments.evaluate-interval-millis:60000}}")
                .routeId("experiment-evaluate-all")
                .bean("experimentEvaluator", "evaluateAll");
    }
}
