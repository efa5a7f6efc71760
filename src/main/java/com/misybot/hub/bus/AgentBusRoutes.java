package com.misybot.hub.bus;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The agent bus as seen by agent routes: the kamelets {@code agent-bus-sink} and {@code agent-bus-source} (route
 * templates, so {@code kamelet:agent-bus-source?agent=front-desk} works from Java and YAML routes alike), plus the
 * transport-neutral publish, receive and dead-letter routes. The broker is behind {@code direct:bus-transport-*}, provided by
 * the routes of the configured transport (local, rabbitmq or servicebus).
 */
@Component
public class AgentBusRoutes extends RouteBuilder {

    /** Validates an outgoing envelope, hands it to the transport; the target agent is in variable {@code busAgent}. */
    public static final String PUBLISH = "direct:agent-bus-publish";

    private final BusProperties bus;

    public AgentBusRoutes(BusProperties bus) {
        this.bus = bus;
    }

    @Override
    public void configure() {
        String transport = bus.transport().name().toLowerCase();
        // validate, then hand to the broker (publisher confirms where the transport has them)
        from(PUBLISH).routeId("agent-bus-publish")
                .errorHandler(noErrorHandler())
                .bean("envelopeCodec", "outgoing")
                .bean("envelopeSchema", "validate")
                .to("direct:bus-" + transport + "-send");

        // a message that failed for good: failure headers, then the agent's dead-letter queue
        from("direct:agent-bus-dead-letter").routeId("agent-bus-dead-letter")
                .errorHandler(noErrorHandler())
                .bean("deadLetters", "prepare")
                .log("Dead-lettered message ${header.x-hub-message-id} for ${header.x-hub-agent}: "
                        + "${header.x-hub-exception-class} after ${header.x-hub-attempts} attempt(s)")
                .to("direct:bus-" + transport + "-dead-letter")
                // the failed task counts in the analytics (agents' success rates)
                .bean("analyticsFeed", "deadLettered");

        routeTemplate("agent-bus-sink")
                .templateParameter("agent", null, "Target agent id (kebab-case); must match the envelope's agent")
                .from("kamelet:source")
                .setVariable(BusHeaders.VAR_AGENT, constant("{{agent}}"))
                .to(PUBLISH);

        // every transport's inbound route (bus-<transport>-in-<agent>) hands its deliveries here: envelope checks
        // (an invalid one is dead-lettered without retry) and the idempotent consumer, then the agent's kamelet
        from("direct:agent-bus-receive").routeId("agent-bus-receive")
                .routeConfigurationId(AgentBusRouteConfiguration.ID)
                .bean("envelopeCodec", "incoming")
                .bean("envelopeSchema", "validate")
                .bean("envelopeCodec", "read")
                .idempotentConsumer(simple("${variable." + BusHeaders.VAR_AGENT + "}/${variable."
                        + BusHeaders.VAR_MESSAGE_ID + "}"))
                    .idempotentRepository("busIdempotentRepository")
                    // confirm (DONE committed) when the agent route returns, before the transport acknowledges
                    .completionEager(true)
                    // the agent name was checked against hub.bus.agents by the inbound route that set it
                    .toD("direct:agent-bus-in-${variable." + BusHeaders.VAR_AGENT + "}")
                .end();

        // an agent route starts with from("kamelet:agent-bus-source?agent=<agent>"); it handles its own errors
        // (route configuration agent-bus: retries, then the dead-letter queue)
        routeTemplate("agent-bus-source")
                .templateParameter("agent", null, "Agent id (kebab-case) whose queue is consumed")
                .from("direct:agent-bus-in-{{agent}}")
                .to("kamelet:sink");
    }
}
