package com.misybot.hub.pipelines;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.model.SagaCompletionMode;
import org.apache.camel.model.SagaPropagation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The viralization pipeline, a saga of five steps (script → policy gate → artifacts → schedule → publish, see
 * ViralizationStepRoutes): {@code POST /api/v1/pipelines/viralization/runs} starts it and answers 202 at once; the
 * run goes on in {@code viralization-run}; a REVIEW verdict parks it until an operator approves
 * ({@code viralization-resume}) or rejects; a failing step compensates the steps that began, in reverse.
 */
@Component
// the pipeline pauses for approval and is read through the PostgreSQL saga log: persistent saga mode only
@ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
public class ViralizationRoutes extends IngressRouteBuilder {

    private final ViralizationProperties properties;

    public ViralizationRoutes(JsonReplies replies, ViralizationProperties properties) {
        super(replies);
        this.properties = properties;
    }

    @Override
    public void configure() {
        rest("/pipelines/viralization").tag("pipelines")
                .post("/runs").id("rest-viralization-start")
                    .description("Start a viralization run: {\"sessionId\",\"brief\",\"platforms\":[...],"
                            + "\"publishAt\"?,\"paidPromotion\"?} → 202 {\"runId\"}; follow it at /api/v1/sagas/{runId}")
                    .consumes("application/json").produces("application/json")
                    .to("direct:viralization-start");

        Duration timeout = properties.pipelines().viralization().timeout();
        // the saga begins in the request (viralization-begin), so a run the hub accepted always has its saga row
        jsonIngress("viralization-start", "viralization-run.request.json")
                // a run whose saga began but which could not be handed to a worker is compensated at once
                .onException(Exception.class).handled(true)
                    .filter(header(Exchange.SAGA_LONG_RUNNING_ACTION).isNotNull())
                        .setVariable("hub.saga.reason", simple("not started: ${exception.message}"))
                        .to("saga:compensate")
                    .end()
                    .process("problemResponder")
                .end()
                .bean("viralizationRuns", "accept")
                .setVariable("run", body())
                .to("direct:viralization-begin")
                .setBody(method("viralizationRuns", "accepted"))
                .process(reply(202));

        // (a saga EIP wraps its whole route: this route is only the saga's start; errors go back to the request)
        from("direct:viralization-begin").routeId("viralization-begin").errorHandler(noErrorHandler())
                .saga().propagation(SagaPropagation.REQUIRES_NEW).completionMode(SagaCompletionMode.MANUAL)
                    .timeout(timeout)
                    .option("sagaStep", constant("accept"))
                .setVariable("step", constant("accept"))
                .bean("viralizationGate", "done")
                .to("seda:viralization-run?waitForTaskToComplete=Never");

        from("seda:viralization-run?concurrentConsumers={{hub.pipelines.viralization.workers:4}}")
                .routeId("viralization-run")
                .onException(Exception.class).handled(true).to("direct:viralization-failed").end()
                .setVariable("run", method("viralizationRuns", "load"))
                .to("direct:viral-script")
                .to("direct:viral-policy")
                .choice()
                    .when(variable("verdict").isEqualTo("REVIEW"))
                        .bean("viralizationGate", "pause")
                    .otherwise()
                        .to("direct:viralization-finish");

        // after an operator's approval (saga API): the rest of the run, on a worker
        from("direct:viralization-resume").routeId("viralization-resume")
                .to("seda:viralization-resumed?waitForTaskToComplete=Never");
        from("seda:viralization-resumed?concurrentConsumers={{hub.pipelines.viralization.workers:4}}")
                .routeId("viralization-resumed")
                .onException(Exception.class).handled(true).to("direct:viralization-failed").end()
                .setVariable("run", method("viralizationRuns", "load"))
                .to("direct:viralization-finish");

        // (no error handler of its own: a failing step goes back to the calling route, which compensates)
        from("direct:viralization-finish").routeId("viralization-finish").errorHandler(noErrorHandler())
                .to("direct:viral-artifacts")
                .to("direct:viral-schedule")
                .to("direct:viral-publish")
                .to("saga:complete")
                .log("Viralization run ${header." + Exchange.SAGA_LONG_RUNNING_ACTION + "} completed");

        // a step failed: record it on the step, then undo every step that began, last first
        from("direct:viralization-failed").routeId("viralization-failed")
                .bean("viralizationGate", "failed")
                .to("saga:compensate")
                .log("Viralization run ${header." + Exchange.SAGA_LONG_RUNNING_ACTION
                        + "} compensated after: ${variable.hub.saga.reason}");
    }
}
