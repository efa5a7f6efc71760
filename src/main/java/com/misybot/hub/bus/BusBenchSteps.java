package com.misybot.hub.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.model.RouteDefinition;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bench profile only, RabbitMQ transport: what each of the bus's guarantees costs, measured as steps from a floor up
 * to the hub's whole path ({@code POST /api/v1/bench/bus?step=<step>}, bench/bus.sh). Every step publishes with the
 * hub's {@link RabbitPublisher} (persistent, publisher confirm) to a queue declared like an agent queue
 * (durable, priorities), and consumes with the hub's consumer settings (manual ack after processing, the same
 * prefetch, consumers and worker pool size):
 * <ul>
 *     <li>{@code floor}: nothing else; what Camel and Spring AMQP cost against PerfTest's bare client;</li>
 *     <li>{@code validated}: plus the envelope's parse and schema validation on both hops;</li>
 *     <li>{@code idempotent}: plus the PostgreSQL idempotent consumer (claim and confirm, group-committed).</li>
 * </ul>
 * Step {@code hub} (BusBench's default) adds the rest of the real path: the sink and source kamelets, the direct
 * hops between the transport-neutral and the transport's routes, and the agent route's error handler (retries, dead
 * letters). Nothing here is on a path of the hub outside the bench profile.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.bench.bus-enabled", havingValue = "true")
@ConditionalOnExpression("'${hub.bus.transport:local}' == 'rabbitmq' or '${hub.bus.transport:local}' == 'servicebus'")
public class BusBenchSteps {

    /** The steps below the hub's whole path, cheapest first. */
    public static final List<String> STEPS = List.of("floor", "validated", "idempotent");

    @Bean
    Declarables busBenchStepQueues(BusProperties bus, @Value("${hub.bench.bus-agent}") String agent) {
        TopicExchange agents = new TopicExchange(bus.rabbitmq().exchange(), true, false);
        List<Declarable> declarables = new ArrayList<>();
        for (String step : STEPS) {
            // as an agent queue (durable, priorities); deleted when the bench hub's consumers go
            Queue queue = QueueBuilder.durable(queue(bus, agent, step)).autoDelete()
                    .maxPriority(bus.rabbitmq().maxPriority()).build();
            Binding binding = BindingBuilder.bind(queue).to(agents).with(agent + "." + step);
            declarables.addAll(List.of(queue, binding));
        }
        return new Declarables(declarables);
    }

    @Bean
    RouteBuilder busBenchStepRoutes(BusProperties bus, @Value("${hub.bench.bus-agent}") String agent) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                BusProperties.Rabbitmq rabbit = bus.rabbitmq();
                ExecutorService workers = getContext().getExecutorServiceManager()
                        .newFixedThreadPool(this, "hub-bench-worker", rabbit.workers());
                for (String step : STEPS) {
                    boolean validated = !step.equals("floor");
                    RouteDefinition publish = from("direct:bench-bus-" + step).routeId("bench-bus-publish-" + step)
                            .errorHandler(noErrorHandler());
                    if (validated) {
                        publish.bean("envelopeCodec", "outgoing").bean("envelopeSchema", "validate");
                    }
                    publish.setHeader(SpringRabbitMQConstants.PRIORITY, constant(Envelope.DEFAULT_PRIORITY))
                            .setHeader(SpringRabbitMQConstants.MESSAGE_ID, validated
                                    ? variable(BusHeaders.VAR_MESSAGE_ID) : simple("${exchangeId}"))
                            .setHeader(SpringRabbitMQConstants.CONTENT_TYPE, constant("application/json"))
                            .setVariable(RabbitPublisher.VAR_EXCHANGE, constant(rabbit.exchange()))
                            .setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, constant(agent + "." + step))
                            .process("rabbitPublisher");

                    RouteDefinition consume = from("spring-rabbitmq:" + rabbit.exchange() + "?queues="
                            + queue(bus, agent, step) + "&autoDeclare=false&acknowledgeMode=MANUAL&asyncConsumer=true"
                            + "&prefetchCount=" + rabbit.prefetch() + "&concurrentConsumers=" + rabbit.concurrency())
                            .routeId("bench-bus-in-" + step)
                            .errorHandler(noErrorHandler())
                            .bean("rabbitAcknowledgements", "ackWhenDone")
                            .setVariable(BusHeaders.VAR_AGENT, constant(agent));
                    consume.threads().executorService(workers);
                    if (validated) {
                        consume.bean("envelopeCodec", "incoming").bean("envelopeSchema", "validate")
                                .bean("envelopeCodec", "read");
                    }
                    if (step.equals("idempotent")) {
                        consume.idempotentConsumer(simple("${variable." + BusHeaders.VAR_AGENT + "}/${variable."
                                        + BusHeaders.VAR_MESSAGE_ID + "}"))
                                .idempotentRepository("busIdempotentRepository").completionEager(true)
                                .bean("busBench", "receive")
                                .end();
                    } else {
                        consume.bean("busBench", "receive");
                    }
                }
            }
        };
    }

    private static String queue(BusProperties bus, String agent, String step) {
        return bus.queue(agent) + "." + step;
    }
}
