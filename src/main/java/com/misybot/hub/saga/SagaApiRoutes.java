package com.misybot.hub.saga;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code /api/v1/sagas}: read sagas and their steps; approve, reject, cancel, retry a failed compensation. */
@Component
@ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
public class SagaApiRoutes extends IngressRouteBuilder {

    public SagaApiRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/sagas").tag("sagas")
                .get().id("rest-saga-list").description("Sagas by status and creation time (operator)")
                    .produces("application/json")
                    .param().name("status").type(RestParamType.query).required(false).description("RUNNING, AWAITING_APPROVAL, "
                            + "COMPLETED, COMPENSATING, COMPENSATED or FAILED_COMPENSATION").endParam()
                    .param().name("from").type(RestParamType.query).required(false).description("ISO instant, default to - 7 days")
                    .endParam()
                    .param().name("to").type(RestParamType.query).required(false).description("ISO instant, default now").endParam()
                    .to("direct:saga-list")
                .get("/{runId}").id("rest-saga-get")
                    .description("A saga with each step's status, timings and error (its owner or an operator)")
                    .produces("application/json").to("direct:saga-get")
                .post("/{runId}/approve").id("rest-saga-approve").description("Approve a run awaiting review")
                    .produces("application/json")
                    .param().name("reason").type(RestParamType.query).required(false)
                        .description("Why (up to 500 characters), kept in the audit record").endParam()
                    .to("direct:saga-approve")
                .post("/{runId}/reject").id("rest-saga-reject").description("Reject a run awaiting review: "
                        + "it is compensated").produces("application/json")
                    .param().name("reason").type(RestParamType.query).required(false)
                        .description("Why (up to 500 characters), kept in the audit record").endParam()
                    .to("direct:saga-reject")
                .post("/{runId}/cancel").id("rest-saga-cancel").description("Cancel a running or paused saga: "
                        + "it is compensated").produces("application/json")
                    .param().name("reason").type(RestParamType.query).required(false)
                        .description("Why (up to 500 characters), kept in the audit record").endParam()
                    .to("direct:saga-cancel")
                .post("/{runId}/retry-compensation").id("rest-saga-retry-compensation")
                    .description("Retry the compensation of a FAILED_COMPENSATION saga")
                    .produces("application/json").to("direct:saga-retry-compensation");

        ingress("saga-list", "status", "from", "to").bean("sagaAdmin", "list").process(reply(200));
        ingress("saga-get", "runId").bean("sagaAdmin", "get").process(reply(200));
        ingress("saga-approve", "runId", "reason").bean("sagaAdmin", "approve").process(reply(202));
        ingress("saga-reject", "runId", "reason").bean("sagaAdmin", "reject").process(reply(200));
        ingress("saga-cancel", "runId", "reason").bean("sagaAdmin", "cancel").process(reply(200));
        ingress("saga-retry-compensation", "runId").bean("sagaAdmin", "retryCompensation").process(reply(200));
    }
}
