package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.bus.AgentBusRouteConfiguration;
import com.misybot.hub.bus.AgentBusRoutes;
import com.misybot.hub.bus.BusHeaders;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Agent {@code front-desk}: every user message arrives here (outbox → bus). Its intent is decided by meaning or an
 * explicit command ({@code front-desk-route}); unclear messages get a clarifying question, the others go to the
 * chosen agent with a snapshot of the session's context. The receipt is recorded last, once the message was handled.
 */
@Component
public class FrontDeskRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("kamelet:agent-bus-source?agent=" + FrontDesk.AGENT).routeId(FrontDesk.AGENT)
                .routeConfigurationId(AgentBusRouteConfiguration.ID)
                .setVariable("envelope", body())
                .filter(simple("${body.type} == 'session.message'"))
                    .setVariable("task", method("frontDesk", "task"))
                    .setHeader(FrontDeskIntentRoutes.TEXT_HEADER, simple("${variable.task.text()}"))
                    .to("direct:front-desk-route")
                    .removeHeader(FrontDeskIntentRoutes.TEXT_HEADER)
                    // an unclear follow-up stays with the agent the session is talking to (active sessions cache)
                    .setVariable(FrontDeskIntentRoutes.INTENT_DECISION, method("frontDesk", "followUp"))
                    // content-based routing on the decided intent
                    .choice()
                        .when(simple("${variable.intentDecision.isClarify()}"))
                            .bean("frontDesk", "clarify")
                            .to("direct:agent-reply")
                        .otherwise()
                            .setVariable("sessionId", simple("${variable.task.sessionId()}"))
                            .to("direct:context-snapshot-create")
                            .bean("frontDesk", "dispatch")
                            // what kamelet:agent-bus-sink does, without a kamelet route per target agent created
                            // at the first message for it: creating one from a bus worker takes the kamelet
                            // component's lock before the route model's, the reverse of operator-route-sync adding
                            // routes, and the two deadlocked once at a start with a queued backlog
                            .setVariable(BusHeaders.VAR_AGENT, simple("${variable."
                                    + FrontDeskIntentRoutes.INTENT_DECISION + ".intent()}"))
                            .to(AgentBusRoutes.PUBLISH)
                            .bean("frontDesk", "remember")
                    .end()
                .end()
                .setBody(variable("envelope"))
                .bean("agentReceipts", "receipt")
                .to("sql:classpath:sql/agent-event-receipt.sql?parametersCount=7");
    }
}
