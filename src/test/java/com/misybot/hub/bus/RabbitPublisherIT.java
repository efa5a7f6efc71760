package com.misybot.hub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.misybot.hub.support.RequiredServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The bus's publisher against the local RabbitMQ: every publish completes only on the broker's confirm (and is timed);
 * a publish the broker refuses, by closing its channel or with a nack, fails at once (not at the confirm timeout), and
 * the next publishes go through on the same channel after a nack, on a fresh channel after a close, or on a fresh
 * connection when it died.
 */
@ExtendWith(RequiredServices.class)
class RabbitPublisherIT {

    private final String queue = "publisher-it." + UUID.randomUUID();
    private CachingConnectionFactory connections;
    private RabbitAdmin admin;
    private DefaultCamelContext camel;
    private SimpleMeterRegistry meters;
    private RabbitPublisher publisher;

    @BeforeEach
    void start() {
        connections = new CachingConnectionFactory("127.0.0.1", 5672);
        connections.setUsername("guest");
        connections.setPassword("guest");
        // as spring.rabbitmq.publisher-confirm-type (application-services.yaml)
        connections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        admin = new RabbitAdmin(connections);
        admin.declareQueue(new Queue(queue, true, false, false));
        camel = new DefaultCamelContext();
        SpringRabbitMQComponent rabbit = new SpringRabbitMQComponent();
        rabbit.setConnectionFactory(connections);
        camel.addComponent("spring-rabbitmq", rabbit);
        camel.start();
        BusProperties bus = new Binder(new MapConfigurationPropertySource(Map.of(
                "hub.bus.rabbitmq.confirm-timeout", "PT30S")))
                .bindOrCreate("hub.bus", BusProperties.class);
        meters = new SimpleMeterRegistry();
        publisher = new RabbitPublisher(camel, connections, bus, meters);
    }

    @AfterEach
    void stop() {
        admin.deleteQueue(queue);
        camel.stop();
        connections.destroy();
    }

    @Test
    void should_complete_each_publish_on_its_confirm_and_fail_a_refused_one_at_once() throws Exception {
        List<CompletableFuture<Exchange>> sent = IntStream.range(0, 600).mapToObj(i -> publish("", queue)).toList();
        for (CompletableFuture<Exchange> publish : sent) {
            assertThat(publish.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(queue).getMessageCount() == 600);
        assertThat(meters.timer("hub.bus.publish.confirm").count()).isEqualTo(600);

        // publishing to an exchange that does not exist: the broker closes the channel (404), the publish fails then
        long started = System.nanoTime();
        Exchange refused = publish("no-such-exchange-" + UUID.randomUUID(), queue).get(10, TimeUnit.SECONDS);
        assertThat(refused.getException()).hasMessageContaining("RabbitMQ refused message");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

        // the lanes open fresh channels: later publishes are confirmed as before
        List<CompletableFuture<Exchange>> after = IntStream.range(0, 30).mapToObj(i -> publish("", queue)).toList();
        for (CompletableFuture<Exchange> publish : after) {
            assertThat(publish.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(queue).getMessageCount() == 630);

        // the publisher connection dies under Spring's feet (as when the broker restarts): a publish may fail on the
        // dead channel, then the publisher connects again and the publishes are confirmed
        connections.getPublisherConnectionFactory().createConnection().getDelegate().abort();
        Exchange first = publish("", queue).get(30, TimeUnit.SECONDS);
        List<CompletableFuture<Exchange>> reconnected = IntStream.range(0, 30).mapToObj(i -> publish("", queue))
                .toList();
        for (CompletableFuture<Exchange> publish : reconnected) {
            assertThat(publish.get(30, TimeUnit.SECONDS).getException()).isNull();
        }
        int expected = 660 + (first.getException() == null ? 1 : 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(queue).getMessageCount() == expected);
    }

    @Test
    void should_fail_a_publish_the_broker_nacks_and_keep_publishing_on_the_same_channels() throws Exception {
        // a queue that takes one message and rejects the publishes beyond it: the broker answers them with a nack
        String full = queue + ".full";
        admin.declareQueue(QueueBuilder.nonDurable(full).maxLength(1).overflow(QueueBuilder.Overflow.rejectPublish)
                .build());
        try {
            assertThat(publish("", full).get(30, TimeUnit.SECONDS).getException()).isNull();
            long started = System.nanoTime();
            Exchange refused = publish("", full).get(30, TimeUnit.SECONDS);
            assertThat(refused.getException()).hasMessageContaining("RabbitMQ refused message")
                    .hasMessageContaining("nack");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            // a nack does not close the channel: the next publishes to another queue are confirmed
            List<CompletableFuture<Exchange>> after = IntStream.range(0, 20).mapToObj(i -> publish("", queue))
                    .toList();
            for (CompletableFuture<Exchange> publish : after) {
                assertThat(publish.get(30, TimeUnit.SECONDS).getException()).isNull();
            }
            assertThat(admin.getQueueInfo(full).getMessageCount()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(queue).getMessageCount() == 20);
        } finally {
            admin.deleteQueue(full);
        }
    }

    private CompletableFuture<Exchange> publish(String target, String routingKey) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setVariable(RabbitPublisher.VAR_EXCHANGE, target);
        exchange.getMessage().setHeader(SpringRabbitMQConstants.ROUTING_OVERRIDE_KEY, routingKey);
        exchange.getMessage().setBody("{\"n\":1}".getBytes());
        CompletableFuture<Exchange> done = new CompletableFuture<>();
        publisher.process(exchange, doneSync -> done.complete(exchange));
        return done;
    }
}
