package com.misybot.hub.bus;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * Delayed delivery on RabbitMQ without plugins: a message for {@code <agent>} delayed by D ms is published to the
 * durable queue {@code hub.agent.<agent>.delay.<D>} whose TTL is D and whose dead-letter target is the agent's
 * routing key on {@code hub.agents}. One queue per delay keeps every message in a queue with the same TTL (no
 * head-of-line blocking). Idle delay queues expire an hour after their last use, so the queue is declared again on
 * every delayed publish (which also restarts that clock): a cached "already declared" could point at an expired queue.
 */
public class RabbitDelayQueues {

    private final AmqpAdmin admin;
    private final BusProperties bus;

    public RabbitDelayQueues(AmqpAdmin admin, BusProperties bus) {
        this.admin = admin;
        this.bus = bus;
    }

    /** Declares and returns the name of the delay queue for {@code agent} and {@code delayMs}. */
    public String queueFor(String agent, long delayMs) {
        String name = bus.queue(agent) + ".delay." + delayMs;
        Queue queue = QueueBuilder.durable(name)
                .ttl((int) Math.min(delayMs, Integer.MAX_VALUE))
                .deadLetterExchange(bus.rabbitmq().exchange())
                .deadLetterRoutingKey(agent)
                .expires((int) Math.min(delayMs + 3_600_000L, Integer.MAX_VALUE))
                .build();
        admin.declareQueue(queue);
        return name;
    }
}
