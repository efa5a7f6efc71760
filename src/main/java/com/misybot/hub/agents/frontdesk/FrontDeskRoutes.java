package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.bus.AgentBusRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Agent {@code front-desk} (placeholder until the agents issue): consumes its bus queue and records each message's
 * receipt in {@code agent_event_log}, once per messageId.
 */
@Component
public class FrontDeskRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("kamelet:agent-bus-source?agent=front-desk").routeId("front-desk")
                .routeConfigurationId(AgentBusRouteConfiguration.ID)
                .bean("agentReceipts", "receipt")
                .to("sql:classpath:sql/agent-event-receipt.sql?parametersCount=7");
    }
}
