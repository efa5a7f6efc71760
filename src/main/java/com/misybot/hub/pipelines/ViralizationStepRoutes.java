package com.misybot.hub.pipelines;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.SagaDefinition;
import org.apache.camel.model.SagaPropagation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The five steps of the viralization saga, each a saga participant ({@code viral-<step>}) with its compensation
 * ({@code viral-<step>-compensate}, called with header Long-Running-Action = the run id). Compensations undo what
 * the PostgreSQL rows say was done, so running one again changes nothing.
 */
@Component
// the pipeline pauses for approval and is read through the PostgreSQL saga log: persistent saga mode only
@ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
public class ViralizationStepRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // no error handler here: a step's failure goes back to viralization-run (which compensates), and a
        // compensation's failure back to the saga service (which retries it)
        errorHandler(noErrorHandler());

        // 1. script (video-scriptor); undone by withdrawing the script artifact
        step("script").setVariable("sessionId", simple("${variable.run.sessionId}"))
                .to("direct:context-snapshot-create")
                .setVariable("snapshotRef", simple("${body.snapshotRef}"))
                .to("direct:context-snapshot-read")
                .setVariable("policyInput", method("viralizationSteps", "script"))
                .bean("viralizationGate", "done");
        from("direct:viral-script-compensate").routeId("viral-script-compensate")
                .bean("viralizationSteps", "withdraw(*, 'video-scriptor')");

        // 2. policy gate (config/policies): BLOCK fails the saga, REVIEW parks it; nothing to undo
        step("policy").setBody(variable("policyInput"))
                .to("direct:policy-evaluate")
                .setVariable("verdict", method("viralizationSteps", "policy"))
                .bean("viralizationGate", "done");

        // 3. artifacts (creative-synthesizer variants); undone by withdrawing them
        step("artifacts").setVariable("sessionId", simple("${variable.run.sessionId}"))
                .to("direct:context-snapshot-create")
                .setVariable("snapshotRef", simple("${body.snapshotRef}"))
                .to("direct:context-snapshot-read")
                .bean("viralizationSteps", "artifacts")
                .bean("viralizationGate", "done");
        from("direct:viral-artifacts-compensate").routeId("viral-artifacts-compensate")
                .bean("viralizationSteps", "withdraw(*, 'creative-synthesizer')");

        // 4. schedule (post-scheduler calendar entries); undone by cancelling them
        step("schedule").bean("viralizationSteps", "scheduleRequest")
                .to("direct:calendar-schedule")
                .bean("viralizationSteps", "scheduled")
                .bean("viralizationGate", "done");
        from("direct:viral-schedule-compensate").routeId("viral-schedule-compensate")
                .setVariable("runId", header("Long-Running-Action"))
                .to("direct:calendar-cancel-run");

        // 5. publish through kamelet social-publish-sink, one post per platform; undone by DELETE <url>/<id>
        step("publish").split(simple("${variable.run.platforms}")).stopOnException()
                    .setVariable("platform", body())
                    .setBody(method("viralizationSteps", "publishRequest"))
                    .filter(body().isNotNull())
                        .doTry()
                            .toD("kamelet:social-publish-sink?url=RAW(${bean:viralizationSteps?method=url})")
                        .doCatch(HttpOperationFailedException.class)
                            .bean("viralizationSteps", "refused")
                        .end()
                        .setVariable("postId", method("viralizationSteps", "published"))
                        .setVariable("runId", simple("${variable.run.runId}"))
                        .to("direct:calendar-mark-published")
                    .end()
                .end()
                .bean("viralizationGate", "done");
        // (the kamelet strips the exchange's headers before it calls the platform: the run id travels as a variable)
        from("direct:viral-publish-compensate").routeId("viral-publish-compensate")
                .setVariable("runId", header("Long-Running-Action"))
                .split(method("viralizationSteps", "postsToUndo")).stopOnException()
                    .setVariable("platform", simple("${body.platform}"))
                    .setHeader(ViralizationSteps.POST_ID, simple("${body.postId}"))
                    // the POST's answer was lost (crash): the same POST and Idempotency-Key give the post's id
                    .filter(header(ViralizationSteps.POST_ID).isNull())
                        .setBody(method("viralizationSteps", "reconcileRequest"))
                        .toD("kamelet:social-publish-sink?url=RAW(${bean:viralizationSteps?method=url})")
                        .setHeader(ViralizationSteps.POST_ID, method("viralizationSteps", "postIdOf"))
                    .end()
                    .doTry()
                        .toD("kamelet:social-publish-sink?url=RAW(${bean:viralizationSteps?method=url})")
                    .doCatch(HttpOperationFailedException.class).onWhen(simple("${exception.statusCode} == 404"))
                        .log("Post ${header.hub-publish-post-id} on ${variable.platform} was already gone")
                    .end()
                    .bean("viralizationSteps", "deleted");
    }

    /** A step route {@code viral-<name>}: joins the run's saga and registers its compensation (if it has one). */
    private SagaDefinition step(String name) {
        var saga = from("direct:viral-" + name).routeId("viral-" + name)
                .setVariable("step", constant(name))
                .saga().propagation(SagaPropagation.MANDATORY)
                .option("sagaStep", constant(name));
        if (!"policy".equals(name)) {
            saga.compensation("direct:viral-" + name + "-compensate");
        }
        return saga;
    }
}
