package com.misybot.hub.bus;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Typed view of {@code hub.bus.*} (declared and commented in application.yaml). */
@ConfigurationProperties(prefix = "hub.bus")
public record BusProperties(@DefaultValue("local") Transport transport,
                            @DefaultValue("front-desk") List<String> agents,
                            @DefaultValue Retry retry,
                            @DefaultValue Rabbitmq rabbitmq,
                            @DefaultValue Servicebus servicebus,
                            @DefaultValue Outbox outbox,
                            @DefaultValue Idempotency idempotency,
                            @DefaultValue Dlq dlq) {

    /** Which broker carries the agent messages. */
    public enum Transport { LOCAL, RABBITMQ, SERVICEBUS }

    public record Retry(@DefaultValue("4") int maxRedeliveries, @DefaultValue("PT0.5S") Duration initialDelay,
                        @DefaultValue("2.0") double multiplier, @DefaultValue("PT30S") Duration maxDelay) {
    }

    public record Rabbitmq(@DefaultValue("hub.agents") String exchange,
                           @DefaultValue("hub.agents.dlx") String deadLetterExchange,
                           @DefaultValue("hub.agent.") String queuePrefix,
                           @DefaultValue("32") int prefetch,
                           @DefaultValue("2") int concurrency,
                           @DefaultValue("64") int workers,
                           @DefaultValue("9") int maxPriority,
                           @DefaultValue("PT10S") Duration confirmTimeout,
                           @DefaultValue("4") int publisherChannels,
                           @DefaultValue("") String managementUrl,
                           @DefaultValue("hub.control") String controlExchange) {
    }

    public record Servicebus(@DefaultValue("hub.agent.") String queuePrefix,
                             @DefaultValue("PT5S") Duration tryTimeout,
                             @DefaultValue("1") int maxRetries,
                             @DefaultValue("PT10S") Duration sendTimeout,
                             @DefaultValue("PT30S") Duration breakerOpenFor) {
    }

    public record Outbox(@DefaultValue("200") long pollMillis, @DefaultValue("200") int batchSize,
                         @DefaultValue("P1D") Duration keepPublished) {
    }

    public record Idempotency(@DefaultValue("PT2M") Duration claimLease, @DefaultValue("256") int maxBatch,
                              @DefaultValue("PT30S") Duration writeTimeout) {
    }

    public record Dlq(@DefaultValue("10000") int scanLimit) {
    }

    /** The route consuming {@code agent}'s queue on {@code transport}: {@code bus-<transport>-in-<agent>}. */
    public static String consumerRoute(Transport transport, String agent) {
        return "bus-" + transport.name().toLowerCase() + "-in-" + agent;
    }

    /** The route consuming {@code agent}'s queue on this hub's transport. */
    public String consumerRoute(String agent) {
        return consumerRoute(transport, agent);
    }

    /** The agent whose queue {@code routeId} consumes, or null for any other route. */
    public static String agentOfConsumerRoute(String routeId) {
        if (routeId == null || !routeId.startsWith("bus-")) {
            return null;
        }
        int in = routeId.indexOf("-in-");
        return in < 0 ? null : routeId.substring(in + 4);
    }

    /** 404 problem unless {@code agent} is one of this hub's agents. */
    public void requireAgent(String agent) {
        if (agent == null || !agents.contains(agent)) {
            throw new com.misybot.hub.platform.ProblemException(com.misybot.hub.platform.ProblemType.NOT_FOUND,
                    "No agent '" + agent + "' on the bus; known agents: " + String.join(", ", agents) + ".");
        }
    }

    public String queue(String agent) {
        return rabbitmq.queuePrefix() + agent;
    }

    public String deadLetterQueue(String agent) {
        return queue(agent) + ".dlq";
    }
}
