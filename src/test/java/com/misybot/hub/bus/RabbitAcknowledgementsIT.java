package com.misybot.hub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.misybot.hub.support.RequiredServices;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * The inbound routes' acknowledgements against the local RabbitMQ: a delivery whose idempotency confirm is still
 * being committed is not acknowledged yet (closing its channel gives it back to the queue), and is acknowledged as
 * soon as the commit is through, or when it failed (the message was processed; acking keeps it from being processed
 * again). A delivery without a pending confirm (dead-lettered, or no idempotent consumer) is acknowledged at once,
 * and a failed exchange is given back to the queue.
 */
@ExtendWith(RequiredServices.class)
class RabbitAcknowledgementsIT {

    private final String queue = "acks-it." + UUID.randomUUID();
    private final RabbitAcknowledgements acknowledgements = new RabbitAcknowledgements();
    private DefaultCamelContext camel;
    private Connection connection;
    private Channel admin;

    @BeforeEach
    void start() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        connection = factory.newConnection("acks-it");
        admin = connection.createChannel();
        admin.queueDeclare(queue, true, false, false, null);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        admin.queueDelete(queue);
        connection.close();
        camel.stop();
    }

    @Test
    void should_acknowledge_a_delivery_only_once_its_confirm_is_committed() throws Exception {
        // given a delivery whose exchange is done while its confirm is still being committed
        Channel channel = connection.createChannel();
        CompletableFuture<Boolean> commit = new CompletableFuture<>();
        complete(delivery(channel, commit));

        // when its channel closes before the commit: then the broker gives the message back (it was not acked)
        channel.close();
        awaitReady(1);

        // given the same message delivered again, on a fresh channel, its confirm pending
        channel = connection.createChannel();
        commit = new CompletableFuture<>();
        complete(delivery(channel, commit));
        // when the commit is through: then it is acked (closing the channel no longer gives it back)
        commit.complete(true);
        channel.close();
        assertThat(ready()).isZero();
    }

    @Test
    void should_still_acknowledge_a_processed_delivery_when_its_confirm_failed() throws Exception {
        Channel channel = connection.createChannel();
        CompletableFuture<Boolean> commit = new CompletableFuture<>();
        complete(delivery(channel, commit));

        commit.completeExceptionally(new IllegalStateException("database unreachable"));
        channel.close();

        assertThat(ready()).isZero();
    }

    @Test
    void should_acknowledge_at_once_without_a_pending_confirm_and_give_back_a_failed_delivery() throws Exception {
        // a dead-lettered exchange (no confirm) is acked when it is done
        Channel channel = connection.createChannel();
        complete(delivery(channel, null));
        channel.close();
        assertThat(ready()).isZero();

        // a failed exchange is nacked with requeue, even with a confirm pending
        channel = connection.createChannel();
        Exchange failed = delivery(channel, new CompletableFuture<>());
        failed.setException(new IllegalStateException("its dead letter could not be stored"));
        for (Synchronization synchronization : failed.getExchangeExtension().handoverCompletions()) {
            synchronization.onFailure(failed);
        }
        awaitReady(1);
        channel.close();
    }

    @Test
    void should_not_open_a_channel_to_ack_deliveries_whose_consumer_channel_closed() throws Exception {
        // given: two deliveries in flight on a consumer channel as Spring AMQP hands it to the listener (a cached
        // channel proxy), whose channel then closes (the agent's consumer restarted, the broker closed it)
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setUsername("guest");
        connections.setPassword("guest");
        try {
            Channel proxy = connections.createConnection().createChannel(false);
            Exchange first = delivery(proxy, null);
            Exchange second = delivery(proxy, null);
            Channel consumerChannel = ((ChannelProxy) proxy).getTargetChannel();
            consumerChannel.close();
            awaitReady(2);

            // when both exchanges complete
            complete(first);
            complete(second);

            // then: no fresh channel was opened under the proxy to carry acks of tags it never delivered (the broker
            // would close it with "PRECONDITION_FAILED - unknown delivery tag"); the broker has both messages back
            assertThat(((ChannelProxy) proxy).getTargetChannel()).isSameAs(consumerChannel);
            assertThat(ready()).isEqualTo(2);
        } finally {
            connections.destroy();
        }
    }

    /** One message published and fetched unacknowledged on {@code channel}, as the inbound route's exchange. */
    private Exchange delivery(Channel channel, CompletableFuture<Boolean> pendingConfirm) throws Exception {
        if (ready() == 0) {
            admin.basicPublish("", queue, null, "{}".getBytes(StandardCharsets.UTF_8));
            awaitReady(1);
        }
        GetResponse response = null;
        for (int i = 0; i < 50 && response == null; i++) {
            response = channel.basicGet(queue, false);
            if (response == null) {
                Thread.sleep(100);
            }
        }
        assertThat(response).as("a message from " + queue).isNotNull();
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(SpringRabbitMQConstants.CHANNEL, channel);
        exchange.getMessage().setHeader(SpringRabbitMQConstants.DELIVERY_TAG, response.getEnvelope().getDeliveryTag());
        acknowledgements.ackWhenDone(exchange);
        assertThat(exchange.getProperty(BusHeaders.PROP_ACK_AFTER_CONFIRM, Boolean.class)).isTrue();
        if (pendingConfirm != null) {
            // as PostgresIdempotentRepository.confirm(exchange, key) leaves it
            exchange.setProperty(BusHeaders.PROP_PENDING_CONFIRM, pendingConfirm);
        }
        return exchange;
    }

    /** The exchange is done: its completions run, as Camel's unit of work runs them. */
    private static void complete(Exchange exchange) {
        for (Synchronization synchronization : exchange.getExchangeExtension().handoverCompletions()) {
            synchronization.onComplete(exchange);
        }
    }

    /** Messages ready in the queue (not delivered, or given back); a moment after the channel's close for zero. */
    private long ready() throws Exception {
        Thread.sleep(300);
        return admin.queueDeclarePassive(queue).getMessageCount();
    }

    /** Waits (10 s at most) until the broker has given {@code expected} messages back to the queue. */
    private void awaitReady(long expected) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> admin.queueDeclarePassive(queue).getMessageCount() == expected);
    }
}
