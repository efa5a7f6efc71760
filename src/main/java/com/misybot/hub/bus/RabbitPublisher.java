package com.misybot.hub.bus;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.component.springrabbit.SpringRabbitMQEndpoint;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Publishes a bus message to RabbitMQ with a publisher confirm, asynchronously: the broker's confirm (or nack, or
 * {@code hub.bus.rabbitmq.confirm-timeout} without one) completes the exchange, so a sender that waits
 * (ProducerTemplate, the outbox relay) still fails unless the broker confirmed, while an asynchronous sender keeps a
 * window of publishes in flight without a thread held per unconfirmed message. The publishes go over
 * {@code hub.bus.rabbitmq.publisher-channels} long-lived channels in confirm mode ({@link ConfirmChannels}), on a
 * connection of their own.
 *
 * <p>Headers and properties are mapped by the camel-spring-rabbitmq endpoint's own converters, exactly as the
 * {@code spring-rabbitmq:} producer would (messageId, priority, content type, persistent delivery, traceparent).
 */
@Component("rabbitPublisher")
@ConditionalOnExpression("'${hub.bus.transport:local}' == 'rabbitmq' or '${hub.bus.transport:local}' == 'servicebus'")
public class RabbitPublisher extends AsyncProcessorSupport {

    /** Exchange variable: the RabbitMQ exchange to publish to ("" is the default exchange). */
    public static final String VAR_EXCHANGE = "busRabbitExchange";

    private final CamelContext camel;
    private final ConfirmChannels channels;
    private final MessagePropertiesConverter amqpProperties = new DefaultMessagePropertiesConverter();
    private final long confirmTimeoutMillis;
    private final Timer confirmed;
    private volatile SpringRabbitMQEndpoint converters;

    public RabbitPublisher(CamelContext camel, CachingConnectionFactory connections, BusProperties bus,
                           MeterRegistry meters) {
        this.camel = camel;
        this.confirmed = Timer.builder("hub.bus.publish.confirm")
                .description("Time from a bus message's publish to the broker's confirm (or refusal) reaching the hub")
                .publishPercentiles(0.5, 0.99).register(meters);
        // publishers on a connection of their own (as PerfTest's): when the broker throttles publishing (flow
        // control) it blocks that connection, and must not hold up the acks of the consumers' connection
        this.channels = new ConfirmChannels(connections.getPublisherConnectionFactory() != null
                ? connections.getPublisherConnectionFactory() : connections, bus.rabbitmq().publisherChannels());
        this.confirmTimeoutMillis = bus.rabbitmq().confirmTimeout().toMillis();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String id;
        CompletableFuture<Void> confirm;
        long sent;
        try {
            SpringRabbitMQEndpoint endpoint = endpoint();
            String target = exchange.getVariable(VAR_EXCHANGE, String.class);
            Object routingKey = exchange.getMessage().removeHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY);
            MessageProperties properties = endpoint.getMessagePropertiesConverter().toMessageProperties(exchange);
            Message message = endpoint.getMessageConverter().toMessage(exchange.getMessage().getBody(), properties);
            id = properties.getMessageId() != null ? properties.getMessageId() : UUID.randomUUID().toString();
            sent = System.nanoTime();
            confirm = channels.publish(target == null ? "" : target, routingKey == null ? "" : routingKey.toString(),
                    amqpProperties.fromMessageProperties(properties, StandardCharsets.UTF_8.name()), message.getBody());
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        confirm.orTimeout(confirmTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((ok, e) -> {
            confirmed.record(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
            if (e instanceof TimeoutException) {
                exchange.setException(new IllegalStateException("RabbitMQ did not confirm message " + id
                        + " within " + Duration.ofMillis(confirmTimeoutMillis)));
            } else if (e instanceof ConfirmChannels.RefusedException) {
                exchange.setException(new IllegalStateException("RabbitMQ refused message " + id + ": "
                        + e.getMessage()));
            } else if (e != null) {
                exchange.setException(e);
            }
            callback.done(false);
        });
        return false;
    }

    /** Lets the publishes in flight be confirmed (up to 5 s) before the channels close with the hub. */
    @PreDestroy
    void closeChannels() {
        channels.close(5_000);
    }

    /** The endpoint whose converters map Camel messages to AMQP (the one the spring-rabbitmq producer used). */
    private SpringRabbitMQEndpoint endpoint() {
        SpringRabbitMQEndpoint endpoint = converters;
        if (endpoint == null) {
            endpoint = camel.getEndpoint("spring-rabbitmq:default", SpringRabbitMQEndpoint.class);
            converters = endpoint;
        }
        return endpoint;
    }
}
