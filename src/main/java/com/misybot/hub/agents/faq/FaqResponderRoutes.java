package com.misybot.hub.agents.faq;

import com.misybot.hub.bus.AgentBusRouteConfiguration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Agent {@code faq-responder}: retrieval, then the model, then the assistant turn. */
@Component
public class FaqResponderRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("kamelet:agent-bus-source?agent=" + FaqResponder.AGENT).routeId(FaqResponder.AGENT)
                .routeConfigurationId(AgentBusRouteConfiguration.ID)
                .bean("faqResponder", "answer")
                .to("direct:agent-reply");
    }
}
