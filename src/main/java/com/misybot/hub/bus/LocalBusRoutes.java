package com.misybot.hub.bus;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Local transport of the embedded default: in-JVM SEDA queues {@code seda:hub.agent.<agent>} and
 * {@code seda:hub.agent.<agent>.dlq}. Same routes, retries and dead letters as the brokers, but NOT durable: queued
 * messages are lost when the JVM stops. Priorities are not honoured; delays are waited out in memory.
 */
@Component
@ConditionalOnProperty(name = "hub.bus.transport", havingValue = "local", matchIfMissing = true)
public class LocalBusRoutes extends RouteBuilder {

    /** Queue capacity; a full queue blocks the sender instead of dropping messages. */
    static final String QUEUE_OPTIONS = "size=10000&blockWhenFull=true";

    private final BusProperties bus;

    public LocalBusRoutes(BusProperties bus) {
        this.bus = bus;
    }

    @Override
    public void configure() {
        from("direct:bus-local-send").routeId("bus-local-send")
                .errorHandler(noErrorHandler())
                .filter(variable(BusHeaders.VAR_DELAY_MS).isGreaterThan(0))
                    .delay(variable(BusHeaders.VAR_DELAY_MS)).asyncDelayed().end()
                .end()
                .toD("seda:" + bus.rabbitmq().queuePrefix() + "${variable." + BusHeaders.VAR_AGENT + "}?"
                        + QUEUE_OPTIONS);

        from("direct:bus-local-dead-letter").routeId("bus-local-dead-letter")
                .errorHandler(noErrorHandler())
                .toD("seda:" + bus.rabbitmq().queuePrefix() + "${variable." + BusHeaders.VAR_AGENT + "}.dlq?"
                        + QUEUE_OPTIONS);

        // control messages: one JVM, so this replica is every replica
        from("direct:bus-control-publish").routeId("bus-local-control-publish")
                .errorHandler(noErrorHandler())
                .to("direct:bus-control-in");

        for (String agent : bus.agents()) {
            from("seda:" + bus.queue(agent) + "?concurrentConsumers=" + bus.rabbitmq().concurrency() + "&"
                    + QUEUE_OPTIONS)
                    .routeId(BusProperties.consumerRoute(BusProperties.Transport.LOCAL, agent))
                    .errorHandler(noErrorHandler())
                    .setVariable(BusHeaders.VAR_AGENT, constant(agent))
                    .to("direct:agent-bus-receive");
        }
    }
}
