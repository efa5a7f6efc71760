package com.misybot.hub.pipelines;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.Exchange;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The entry of the viralization pipeline: {@code POST /api/v1/pipelines/viralization/runs} accepts a run
 * ({@code viralizationRuns.accept}), begins its saga in {@code direct:viralization-begin} and answers 202 at once.
 * The pipeline itself — saga, five steps (script → policy gate → artifacts → schedule → publish) and their
 * compensations, the REVIEW pause and {@code viralization-resume} — is operator YAML:
 * routes/pipelines/viralization.camel.yaml.
 */
@Component
// the pipeline pauses for approval and is read through the PostgreSQL saga log: persistent saga mode only
@ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
public class ViralizationRoutes extends IngressRouteBuilder {

    public ViralizationRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/pipelines/viralization").tag("pipelines")
                .post("/runs").id("rest-viralization-start")
                    .description("Start a viralization run: {\"sessionId\",\"brief\",\"platforms\":[...],"
                            + "\"publishAt\"?,\"paidPromotion\"?} → 202 {\"runId\"}; follow it at /api/v1/sagas/{runId}")
                    .consumes("application/json").produces("application/json")
                    .to("direct:viralization-start");

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
                // the brief is stored and sent on pseudonymized, like a session's messages
                .bean("pseudonymizer", "brief")
                .bean("viralizationRuns", "accept")
                .setVariable("run", body())
                // direct:viralization-begin, or the copy of the run's route-version variant (RouteVersionVariants)
                .toD("${variable." + ViralizationRuns.ENTRY_VARIABLE + "}")
                .setBody(method("viralizationRuns", "accepted"))
                .process(reply(202));

        // a run another part of the hub launches (a campaign round): body ViralizationRuns.Launch, whose run id was
        // stored by the launcher first; a launch repeated after a crash starts nothing when the run's saga exists
        from("direct:viralization-launch").routeId("viralization-launch")
                .errorHandler(noErrorHandler())
                // a saga that began but could not be handed on is compensated; the launcher gets the exception
                .onException(Exception.class).handled(false)
                    .filter(header(Exchange.SAGA_LONG_RUNNING_ACTION).isNotNull())
                        .setVariable("hub.saga.reason", simple("not started: ${exception.message}"))
                        .to("saga:compensate")
                    .end()
                .end()
                .bean("viralizationRuns", "launchRequest")
                .bean("pseudonymizer", "brief")
                .bean("viralizationRuns", "launch")
                .filter(body().isNotNull())
                    .setVariable("run", body())
                    .toD("${variable." + ViralizationRuns.ENTRY_VARIABLE + "}")
                .end();
    }
}
