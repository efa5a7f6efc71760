package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** Operator API of the dead-letter queues (role operator or superadmin, enforced by SecurityConfiguration). */
@Component
public class DeadLetterRoutes extends IngressRouteBuilder {

    public DeadLetterRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/admin/dlq").tag("dead letters")
                .get().id("rest-admin-dlq-counts")
                    .description("Number of dead letters per agent").produces("application/json")
                    .to("direct:admin-dlq-counts")
                .get("/{agent}").id("rest-admin-dlq-list")
                    .description("Dead letters of one agent with their failure headers (the queue is unchanged)")
                    .produces("application/json")
                    .param().name("limit").type(RestParamType.query).dataType("integer").required(false)
                        .description("1..1000, default 50").endParam()
                    .to("direct:admin-dlq-list")
                .post("/{agent}/replay").id("rest-admin-dlq-replay")
                    .description("Send dead letters back to the agent's queue: {\"messageIds\":[...]} or {} for all")
                    .consumes("application/json").produces("application/json")
                    .to("direct:admin-dlq-replay")
                .delete("/{agent}/{messageId}").id("rest-admin-dlq-discard")
                    .description("Discard one dead letter").produces("application/json")
                    .to("direct:admin-dlq-discard");

        ingress("admin-dlq-counts")
                .bean("deadLetterAdmin", "counts")
                .process(reply(200));

        ingress("admin-dlq-list", "agent", "limit")
                .bean("deadLetterAdmin", "list")
                .process(reply(200));

        jsonIngress("admin-dlq-replay", "dlq-replay.request.json", "agent")
                .bean("deadLetterAdmin", "replay")
                .process(reply(200));

        ingress("admin-dlq-discard", "agent", "messageId")
                .bean("deadLetterAdmin", "discard")
                .process(reply(200));
    }
}
