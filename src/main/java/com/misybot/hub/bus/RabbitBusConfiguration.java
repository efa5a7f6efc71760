package com.misybot.hub.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * RabbitMQ topology of the agent bus, declared by Spring AMQP's RabbitAdmin at start and again after every
 * reconnection: topic exchange {@code hub.agents}, per agent a durable queue {@code hub.agent.<agent>} (routing key
 * {@code <agent>}, priorities 0..9, dead-lettering to {@code hub.agents.dlx}) and its dead-letter queue
 * {@code hub.agent.<agent>.dlq}. Also the fallback of the servicebus transport.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${hub.bus.transport:local}' == 'rabbitmq' or '${hub.bus.transport:local}' == 'servicebus'")
public class RabbitBusConfiguration {

    @Bean
    Declarables agentBusTopology(BusProperties bus) {
        BusProperties.Rabbitmq rabbit = bus.rabbitmq();
        TopicExchange agents = new TopicExchange(rabbit.exchange(), true, false);
        DirectExchange deadLetters = new DirectExchange(rabbit.deadLetterExchange(), true, false);
        List<Declarable> declarables = new ArrayList<>(List.of(agents, deadLetters));
        for (String agent : bus.agents()) {
            Queue queue = QueueBuilder.durable(bus.queue(agent))
                    .deadLetterExchange(rabbit.deadLetterExchange())
                    .deadLetterRoutingKey(agent)
                    .maxPriority(rabbit.maxPriority())
                    .build();
            Queue dlq = QueueBuilder.durable(bus.deadLetterQueue(agent)).build();
            Binding binding = BindingBuilder.bind(queue).to(agents).with(agent);
            Binding dlqBinding = BindingBuilder.bind(dlq).to(deadLetters).with(agent);
            declarables.addAll(List.of(queue, dlq, binding, dlqBinding));
        }
        return new Declarables(declarables);
    }

    /**
     * Control messages reach every replica: fanout exchange {@code hub.control}, and per replica a server-named,
     * exclusive, auto-deleted queue bound to it (gone when the replica's connection is).
     */
    @Bean
    Queue hubControlQueue() {
        return new AnonymousQueue();
    }

    @Bean
    Declarables controlTopology(BusProperties bus, Queue hubControlQueue) {
        FanoutExchange control = new FanoutExchange(bus.rabbitmq().controlExchange(), true, false);
        return new Declarables(control, BindingBuilder.bind(hubControlQueue).to(control));
    }

    /**
     * The RabbitMQ client runs every consumer's deliveries on one pool, by default 2 threads per core however many
     * consumers the agent queues have; give it one thread per consumer so hub.bus.rabbitmq.concurrency is real.
     */
    @Bean
    static BeanPostProcessor busConsumerThreads(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof CachingConnectionFactory factory) {
                    BusProperties bus = Binder.get(environment).bind("hub.bus", BusProperties.class)
                            .orElseThrow(() -> new IllegalStateException("hub.bus is not configured"));
                    int threads = Math.max(4, bus.rabbitmq().concurrency() * bus.agents().size() + 2);
                    factory.setExecutor(Executors.newFixedThreadPool(threads,
                            new CustomizableThreadFactory("hub-bus-consumer-")));
                }
                return bean;
            }
        };
    }

    /** Per-delay holding queues for delayed delivery: messages wait out the queue TTL, then dead-letter to the agent. */
    @Bean
    RabbitDelayQueues rabbitDelayQueues(CachingConnectionFactory connections, BusProperties bus) {
        return new RabbitDelayQueues(new org.springframework.amqp.rabbit.core.RabbitAdmin(connections), bus);
    }

    @Bean
    QueueDepths rabbitQueueDepths(CachingConnectionFactory connections, RabbitProperties properties, BusProperties bus,
                                  com.fasterxml.jackson.databind.ObjectMapper json) {
        return new RabbitQueueDepths(new org.springframework.amqp.rabbit.core.RabbitAdmin(connections), bus,
                properties.determineUsername(), properties.determinePassword(), json);
    }

    @Bean
    DeadLetterQueues rabbitDeadLetterQueues(CachingConnectionFactory connections, RabbitProperties properties,
                                            BusProperties bus) {
        return new RabbitDeadLetterQueues(connections.getRabbitConnectionFactory(), String.join(",", properties.determineAddresses()),
                bus, new org.springframework.amqp.rabbit.core.RabbitAdmin(connections));
    }

}
