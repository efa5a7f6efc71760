package com.misybot.hub.bus;

import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The servicebus transport pointed at a namespace that cannot be reached (nothing listens on 127.0.0.1:5671): sends
 * fail over to RabbitMQ within the configured send timeout, and the agent still gets the message (it consumes both).
 */
@TestPropertySource(properties = {
        "hub.bus.transport=servicebus",
        "camel.component.azure-servicebus.connection-string="
                + "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=test;SharedAccessKey=dGVzdC1rZXk=",
        "camel.component.azure-servicebus.credential-type=CONNECTION_STRING",
        "hub.bus.servicebus.try-timeout=PT1S",
        "hub.bus.servicebus.send-timeout=PT2S"})
// a hub of its own next to the shared one: closed after this class, so it never competes with the shared hub for
// queue messages or pending turns in the tests that follow
@org.springframework.test.annotation.DirtiesContext
class ServiceBusFailoverIT extends HubIntegrationTest {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;

    @Test
    void should_fail_over_to_rabbitmq_within_the_send_timeout_when_service_bus_is_unreachable() {
        assertThat(camel.getRoute("bus-servicebus-send")).isNotNull();
        assertThat(camel.getRoute("bus-servicebus-in-bus-probe")).isNotNull();
        assertThat(camel.getRoute("bus-rabbitmq-in-bus-probe")).isNotNull();

        for (int i = 0; i < 3; i++) {
            String messageId = UUID.randomUUID().toString();
            Envelope envelope = new Envelope(messageId, "probe.test", 1, "bus-probe", "s-sb", "corr-sb", null, 4,
                    Instant.now().toString(), Map.of("mode", "ok"));
            long start = System.nanoTime();
            producer.sendBody("kamelet:agent-bus-sink?agent=bus-probe", envelope);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // the breaker gives up on Service Bus after the send timeout at the latest (plus scheduling slack)
            assertThat(took).isLessThan(SEND_TIMEOUT.plusSeconds(2));
            await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM agent_event_log "
                    + "WHERE event_type = 'probe.effect' AND payload->>'messageId' = ?", messageId) == 1);
        }
    }
}
