package com.misybot.hub.bus;

import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.beans.factory.annotation.Qualifier;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * RabbitMQ transport (camel-spring-rabbitmq): publishing with publisher confirms to {@code hub.agents} (or a delay
 * queue), dead letters to {@code hub.agents.dlx}, and one inbound route per agent queue that acknowledges a message
 * only after the agent route finished with it (a failure that escapes the route requeues it).
 */
@Component
@ConditionalOnExpression("'${hub.bus.transport:local}' == 'rabbitmq' or '${hub.bus.transport:local}' == 'servicebus'")
public class RabbitBusRoutes extends RouteBuilder {

    private final BusProperties bus;
    private final Queue controlQueue;

    public RabbitBusRoutes(BusProperties bus, @Qualifier("hubControlQueue") Queue controlQueue) {
        this.bus = bus;
        this.controlQueue = controlQueue;
    }

    @Override
    public void configure() {
        BusProperties.Rabbitmq rabbit = bus.rabbitmq();
        String confirm = "confirm=enabled&confirmTimeout=" + rabbit.confirmTimeout().toMillis();

        // rabbitPublisher completes the exchange when the broker confirms (asynchronously: the sender's thread is
        // free while the confirm is outstanding); no confirm within confirm-timeout, or a nack, fails it
        from("direct:bus-rabbitmq-send").routeId("bus-rabbitmq-send")
                .errorHandler(noErrorHandler())
                .setHeader(SpringRabbitMQConstants.PRIORITY, header(BusHeaders.PRIORITY))
                .setHeader(SpringRabbitMQConstants.MESSAGE_ID, variable(BusHeaders.VAR_MESSAGE_ID))
                .setHeader(SpringRabbitMQConstants.CONTENT_TYPE, constant("application/json"))
                .choice()
                    // delayed delivery: wait out the TTL of a per-delay queue, then dead-letter to the agent
                    .when(variable(BusHeaders.VAR_DELAY_MS).isGreaterThan(0))
                        .setVariable(RabbitPublisher.VAR_EXCHANGE, constant(""))
                        .setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, method("rabbitDelayQueues",
                                "queueFor(${variable." + BusHeaders.VAR_AGENT + "}, ${variable."
                                        + BusHeaders.VAR_DELAY_MS + "})"))
                    .otherwise()
                        .setVariable(RabbitPublisher.VAR_EXCHANGE, constant(rabbit.exchange()))
                        .setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, variable(BusHeaders.VAR_AGENT))
                .end()
                .process("rabbitPublisher");

        from("direct:bus-rabbitmq-dead-letter").routeId("bus-rabbitmq-dead-letter")
                .errorHandler(noErrorHandler())
                .setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, variable(BusHeaders.VAR_AGENT))
                .setHeader(SpringRabbitMQConstants.CONTENT_TYPE, constant("application/json"))
                .to("spring-rabbitmq:" + rabbit.deadLetterExchange() + "?exchangeType=direct&" + confirm);

        // control messages (an agent paused, resumed, ...) to every replica, this one included
        from("direct:bus-control-publish").routeId("bus-rabbitmq-control-publish")
                .errorHandler(noErrorHandler())
                .to("spring-rabbitmq:" + rabbit.controlExchange() + "?exchangeType=fanout&" + confirm);
        from("spring-rabbitmq:" + rabbit.controlExchange() + "?queues=" + controlQueue.getName()
                + "&autoDeclare=false&exchangeType=fanout")
                .routeId("bus-rabbitmq-control-in")
                .to("direct:bus-control-in");

        // one pool of workers for every agent queue: a listener thread only decodes a delivery and hands it over,
        // so deliveries up to the prefetch window are processed (and their idempotency writes batched) together
        ExecutorService workers = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "hub-bus-worker", rabbit.workers());
        for (String agent : bus.agents()) {
            // acknowledgeMode MANUAL + asyncConsumer: rabbitAcknowledgements acks when the exchange is done (never
            // on receipt) and requeues a delivery whose failure escaped the route (its dead letter was not stored)
            from("spring-rabbitmq:" + rabbit.exchange() + "?queues=" + bus.queue(agent)
                    + "&autoDeclare=false&acknowledgeMode=MANUAL&asyncConsumer=true&prefetchCount=" + rabbit.prefetch()
                    + "&concurrentConsumers=" + rabbit.concurrency())
                    .routeId(BusProperties.consumerRoute(BusProperties.Transport.RABBITMQ, agent))
                    .errorHandler(noErrorHandler())
                    .bean("rabbitAcknowledgements", "ackWhenDone")
                    .setVariable(BusHeaders.VAR_AGENT, constant(agent))
                    .threads().executorService(workers)
                    .to("direct:agent-bus-receive");
        }
    }
}
