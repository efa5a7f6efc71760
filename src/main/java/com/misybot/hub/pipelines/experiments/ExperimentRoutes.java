package com.misybot.hub.pipelines.experiments;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.springframework.stereotype.Component;

/**
 * The experiments API (operators create, stop and roll back; auditors read too, by SecurityConfiguration): an A/B
 * experiment splits a pipeline's runs between variants and promotes the one that beats the control
 * (ExperimentEvaluationRoutes).
 */
@Component
public class ExperimentRoutes extends IngressRouteBuilder {

    public ExperimentRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/experiments").tag("experiments")
                .post().id("rest-experiment-create")
                    .description("Start an A/B experiment on a pipeline: {name, pipeline, metric, guardrail?, "
                            + "minSamples, significance, variants[{name, weight, control?, parameters | routeVersion}]}")
                    .consumes("application/json").produces("application/json")
                    .to("direct:experiment-create")
                .get("/{id}").id("rest-experiment-get")
                    .description("An experiment with each variant's assignments, runs, samples, rate, z and "
                            + "p-value against the control, guardrail values, and its status with who and when")
                    .produces("application/json")
                    .to("direct:experiment-get")
                .post("/{id}/stop").id("rest-experiment-stop")
                    .description("Stop a running experiment: new runs are no longer split").produces("application/json")
                    .to("direct:experiment-stop")
                .post("/{id}/rollback").id("rest-experiment-rollback")
                    .description("Reverse a promotion: the route version before it serves again, new runs take the "
                            + "control's parameters").produces("application/json")
                    .to("direct:experiment-rollback");

        jsonIngress("experiment-create", "experiment.request.json")
                .bean("experiments", "create")
                .process(reply(201));

        ingress("experiment-get", "id")
                .bean("experiments", "get")
                .process(reply(200));

        ingress("experiment-stop", "id")
                .bean("experiments", "stop")
                .process(reply(200));

        ingress("experiment-rollback", "id")
                .bean("experiments", "rollback")
                .process(reply(200));
    }
}
