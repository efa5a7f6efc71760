package com.misybot.hub.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.BusProbeRoutes;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.TestTracing.RecentSpans;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The RabbitMQ transport of the agent bus against the real broker: topology, retries, dead letters, idempotency. */
class AgentBusIT extends HubIntegrationTest {

    private static final String PROBE = "bus-probe";

    @Autowired
    ProducerTemplate producer;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    CachingConnectionFactory connections;
    @Autowired
    EnvelopeCodec envelopes;
    @Autowired
    MeterRegistry meters;
    @Autowired
    RecentSpans spans;

    TestUser operator;

    @BeforeEach
    void emptyProbeQueues() {
        rabbit.execute(channel -> {
            channel.queuePurge("hub.agent.bus-probe");
            channel.queuePurge("hub.agent.bus-probe.dlq");
            return null;
        });
        operator = user("operator");
    }

    @Test
    void should_declare_durable_agent_queues_and_dead_letter_queues_with_the_documented_arguments() throws Exception {
        Map<String, Object> args = Map.of("x-dead-letter-exchange", "hub.agents.dlx",
                "x-dead-letter-routing-key", "front-desk", "x-max-priority", 9);
        try (Connection connection = connections.getRabbitConnectionFactory().newConnection()) {
            // RabbitMQ accepts a re-declaration only when durability and arguments are equivalent
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("hub.agents", "topic", true);
            channel.exchangeDeclare("hub.agents.dlx", "direct", true);
            channel.queueDeclare("hub.agent.front-desk", true, false, false, args);
            channel.queueDeclare("hub.agent.front-desk.dlq", true, false, false, null);
            Channel other = connection.createChannel();
            assertThatThrownBy(() -> other.queueDeclare("hub.agent.front-desk", true, false, false,
                    Map.of("x-max-priority", 5)))
                    .hasStackTraceContaining("PRECONDITION_FAILED");
            Channel third = connection.createChannel();
            assertThatThrownBy(() -> third.queueDeclare("hub.agent.front-desk", false, false, false, args))
                    .hasStackTraceContaining("PRECONDITION_FAILED");
        }
    }

    @Test
    void should_dead_letter_with_failure_headers_after_the_configured_attempts_and_deliver_again_on_replay() {
        String messageId = send(Map.of("mode", "fail"));

        JsonNode letter = awaitDeadLetter(messageId);
        // 1 delivery + 3 redeliveries (application-test.yaml), then the DLQ; never more attempts
        assertThat(attempts(messageId)).isEqualTo(4);
        JsonNode headers = letter.path("headers");
        assertThat(headers.path("x-hub-attempts").asInt()).isEqualTo(4);
        assertThat(headers.path("x-hub-failed-route").asText()).isEqualTo("bus-probe");
        assertThat(headers.path("x-hub-exception-class").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(headers.path("x-hub-exception-message").asText()).contains("probe failure");
        assertThat(headers.path("x-hub-first-failure-at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*");
        assertThat(headers.path("X-Correlation-Id").asText()).isEqualTo("corr-" + messageId);
        // W3C trace context travels with the message (camel-opentelemetry2 injects it when publishing)
        assertThat(headers.path("traceparent").asText()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]");
        assertThat(letter.path("envelope").path("messageId").asText()).isEqualTo(messageId);
        assertThat(effects(messageId)).isZero();

        BusProbeRoutes.heal(messageId);
        Http.Answer replay = http.postJson("/api/v1/admin/dlq/bus-probe/replay",
                "{\"messageIds\":[\"" + messageId + "\",\"no-such-id\"]}", Http.bearer(operator.accessToken()));
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.json().path("replayed").toString()).contains(messageId);
        assertThat(replay.json().path("notFound").toString()).contains("no-such-id");

        await().atMost(Duration.ofSeconds(20)).until(() -> effects(messageId) == 1);
        assertThat(dlqCount()).isZero();
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'dlq.replay' AND actor_id = ?",
                operator.id())).isEqualTo(1);
    }

    @Test
    void should_dead_letter_an_invalid_envelope_at_once_with_its_violations() {
        String messageId = UUID.randomUUID().toString();
        Map<String, Object> invalid = new HashMap<>(envelopes.toMap(probeEnvelope(messageId, Map.of("mode", "ok"))));
        invalid.put("priority", 42);
        invalid.remove("type");
        publishRaw(envelopes.toJson(invalid));

        JsonNode letter = awaitDeadLetter(messageId);
        JsonNode headers = letter.path("headers");
        assertThat(headers.path("x-hub-attempts").asInt()).isEqualTo(1);
        assertThat(headers.path("x-hub-violations").asText()).contains("priority").contains("type");
        assertThat(headers.path("x-hub-failed-route").asText()).isNotBlank();
        assertThat(attempts(messageId)).isZero();

        // not even JSON: dead-lettered as it came, without retry
        publishRaw("this is not an envelope");
        await().atMost(Duration.ofSeconds(20)).until(() -> dlqCount() == 2);
    }

    @Test
    void should_trace_a_message_from_its_publish_to_its_agent_without_spans_for_the_bus_internal_hops() {
        spans.reset();
        String messageId = send(Map.of("mode", "ok"));
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(messageId) == 1);

        // one trace: the call to the sink kamelet, the delivery on the agent's queue (its parent travelled as the
        // message's traceparent), the agent's route; no span for the transport-neutral and transport routes between
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData publish = span(finished, "kamelet:agent-bus-sink?agent=bus-probe");
            SpanData delivery = span(finished, "spring-rabbitmq://hub.agents?");
            SpanData agent = span(finished, "kamelet:agent-bus-source?agent=bus-probe");
            assertThat(delivery.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(agent.getParentSpanId()).isEqualTo(delivery.getSpanId());
            assertThat(finished.stream().filter(s -> s.getTraceId().equals(publish.getTraceId()))
                    .map(s -> String.valueOf(s.getAttributes().get(CAMEL_URI))))
                    .noneMatch(uri -> uri.startsWith("direct:") || uri.startsWith("kamelet:source")
                            || uri.startsWith("kamelet:sink"));
        });
    }

    private static final io.opentelemetry.api.common.AttributeKey<String> CAMEL_URI =
            io.opentelemetry.api.common.AttributeKey.stringKey("camel.uri");

    /** The one finished span whose endpoint URI starts with this. */
    private static SpanData span(List<SpanData> spans, String uriPrefix) {
        List<SpanData> found = spans.stream()
                .filter(s -> String.valueOf(s.getAttributes().get(CAMEL_URI)).startsWith(uriPrefix)).toList();
        assertThat(found).as("spans of %s", uriPrefix).hasSize(1);
        return found.get(0);
    }

    @Test
    void should_have_one_effect_when_the_same_message_id_is_delivered_twice() {
        double duplicatesBefore = duplicates();
        String messageId = UUID.randomUUID().toString();
        String json = envelopes.toJson(probeEnvelope(messageId, Map.of("mode", "ok")));
        publishRaw(json);
        publishRaw(json);

        await().atMost(Duration.ofSeconds(20)).until(() -> duplicates() > duplicatesBefore);
        assertThat(effects(messageId)).isEqualTo(1);
        assertThat(attempts(messageId)).isEqualTo(1);
        assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void should_refuse_to_send_an_envelope_for_an_unknown_agent_or_with_schema_violations() {
        Envelope unknown = Envelope.create("probe", "nobody-listens", null, "corr-x", null, 4, Map.of());
        assertThatThrownBy(() -> producer.sendBody("direct:agent-bus-publish", envelopes.toJson(unknown)))
                .hasRootCauseInstanceOf(InvalidEnvelopeException.class);
        Envelope bad = Envelope.create("probe", PROBE, null, "corr-x", null, 12, Map.of());
        assertThatThrownBy(() -> producer.sendBody("kamelet:agent-bus-sink?agent=bus-probe", bad))
                .hasStackTraceContaining("priority");
    }

    @Test
    void should_deliver_a_delayed_message_after_its_delay() {
        String messageId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        producer.sendBodyAndHeader("kamelet:agent-bus-sink?agent=bus-probe",
                probeEnvelope(messageId, Map.of("mode", "ok")), BusHeaders.VAR_DELAY_MS, 1500L);
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(messageId) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void should_publish_a_confirmed_persistent_message_with_priority_and_trace_headers() throws Exception {
        // given a delay long enough to read the message off its delay queue before it moves on
        String messageId = UUID.randomUUID().toString();
        String delayQueue = "hub.agent.bus-probe.delay.3600000";

        // when it is sent through the sink kamelet (the send returns once the broker confirmed it)
        producer.sendBodyAndHeader("kamelet:agent-bus-sink?agent=bus-probe",
                new Envelope(messageId, "probe.test", 1, PROBE, "s-probe", "corr-" + messageId, null, 7,
                        java.time.Instant.now().toString(), Map.of("mode", "ok")),
                BusHeaders.VAR_DELAY_MS, 3_600_000L);

        // then the broker holds it with the AMQP properties and headers the bus promises
        try (Connection connection = connections.getRabbitConnectionFactory().newConnection()) {
            Channel channel = connection.createChannel();
            com.rabbitmq.client.GetResponse response = null;
            for (int i = 0; i < 50 && response == null; i++) {
                com.rabbitmq.client.GetResponse got = channel.basicGet(delayQueue, false);
                if (got != null && !messageId.equals(got.getProps().getMessageId())) {
                    channel.basicNack(got.getEnvelope().getDeliveryTag(), false, true);
                    got = null;
                }
                response = got;
                if (response == null) {
                    Thread.sleep(100);
                }
            }
            assertThat(response).as("message on " + delayQueue).isNotNull();
            com.rabbitmq.client.AMQP.BasicProperties props = response.getProps();
            assertThat(props.getDeliveryMode()).isEqualTo(2);
            assertThat(props.getPriority()).isEqualTo(7);
            assertThat(props.getContentType()).isEqualTo("application/json");
            assertThat(String.valueOf(props.getHeaders().get("X-Correlation-Id"))).isEqualTo("corr-" + messageId);
            assertThat(String.valueOf(props.getHeaders().get("traceparent")))
                    .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[0-9a-f]");
            assertThat(new String(response.getBody(), java.nio.charset.StandardCharsets.UTF_8)).contains(messageId);
            channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Test
    void should_answer_problems_for_bad_dead_letter_requests_and_keep_operators_only() {
        String[] auth = Http.bearer(operator.accessToken());
        assertProblem(http.get("/api/v1/admin/dlq/no-such-agent", auth), 404, "not-found");
        assertProblem(http.get("/api/v1/admin/dlq/bus-probe?limit=0", auth), 400, "bad-request");
        assertProblem(http.get("/api/v1/admin/dlq/bus-probe?limit=abc", auth), 400, "bad-request");
        assertProblem(http.postJson("/api/v1/admin/dlq/bus-probe/replay", "{\"messageIds\":[]}", auth), 400,
                "validation");
        assertProblem(http.send("DELETE", "/api/v1/admin/dlq/bus-probe/" + UUID.randomUUID(), null, null, auth),
                404, "not-found");
        TestUser plain = user("user");
        assertProblem(http.get("/api/v1/admin/dlq", Http.bearer(plain.accessToken())), 403, "forbidden");

        Http.Answer counts = http.get("/api/v1/admin/dlq", auth);
        assertThat(counts.status()).isEqualTo(200);
        assertThat(counts.json().path("transport").asText()).isEqualTo("rabbitmq");
        assertThat(counts.body()).contains("\"queue\":\"hub.agent.front-desk.dlq\"");
    }

    @Test
    void should_discard_one_dead_letter_and_leave_the_others_in_place() {
        String first = send(Map.of("mode", "fail"));
        String second = send(Map.of("mode", "fail"));
        awaitDeadLetter(first);
        awaitDeadLetter(second);

        Http.Answer discarded = http.send("DELETE", "/api/v1/admin/dlq/bus-probe/" + first, null, null,
                Http.bearer(operator.accessToken()));
        assertThat(discarded.status()).as(discarded.body()).isEqualTo(200);
        JsonNode left = http.get("/api/v1/admin/dlq/bus-probe", Http.bearer(operator.accessToken())).json();
        assertThat(left.path("count").asInt()).isEqualTo(1);
        assertThat(left.path("messages").get(0).path("messageId").asText()).isEqualTo(second);
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'dlq.discard' "
                + "AND payload->>'messageId' = ?", first)).isEqualTo(1);
    }

    @Test
    void should_show_the_agent_queues_and_their_routes_in_the_console() {
        String[] auth = Http.bearer(operator.accessToken());
        Http.Answer routes = http.postJson("/actuator/jolokia",
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}", auth);
        Http.Answer endpoints = http.postJson("/actuator/jolokia",
                "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=endpoints,*\"}", auth);

        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.body()).contains("bus-rabbitmq-in-front-desk", "agent-bus-receive", "agent-bus-publish",
                "agent-bus-dead-letter", "bus-rabbitmq-send", "bus-rabbitmq-dead-letter", "bus-outbox-relay",
                "front-desk", "admin-dlq-replay");
        // Hawtio's endpoint tree names each agent queue
        assertThat(endpoints.body()).contains("queues=hub.agent.front-desk").contains("hub.agents.dlx");
    }

    private Envelope probeEnvelope(String messageId, Map<String, Object> payload) {
        return new Envelope(messageId, "probe.test", 1, PROBE, "s-probe", "corr-" + messageId, null, 4,
                java.time.Instant.now().toString(), payload);
    }

    private String send(Map<String, Object> payload) {
        String messageId = UUID.randomUUID().toString();
        producer.sendBody("kamelet:agent-bus-sink?agent=bus-probe", probeEnvelope(messageId, payload));
        return messageId;
    }

    private void publishRaw(String body) {
        MessageProperties props = new MessageProperties();
        props.setContentType("application/json");
        rabbit.send("hub.agents", PROBE, new org.springframework.amqp.core.Message(
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), props));
    }

    private JsonNode awaitDeadLetter(String messageId) {
        String[] auth = Http.bearer(operator.accessToken());
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode letter : http.get("/api/v1/admin/dlq/bus-probe?limit=100", auth).json().path("messages")) {
                if (messageId.equals(letter.path("messageId").asText())) {
                    found[0] = letter;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private int dlqCount() {
        for (JsonNode queue : http.get("/api/v1/admin/dlq", Http.bearer(operator.accessToken())).json().path("queues")) {
            if (PROBE.equals(queue.path("agent").asText())) {
                return queue.path("count").asInt();
            }
        }
        throw new AssertionError("no bus-probe queue in the DLQ counts");
    }

    private int attempts(String messageId) {
        return count("SELECT count(*) FROM agent_event_log WHERE event_type = 'probe.attempt' "
                + "AND payload->>'messageId' = ?", messageId);
    }

    private int effects(String messageId) {
        return count("SELECT count(*) FROM agent_event_log WHERE event_type = 'probe.effect' "
                + "AND payload->>'messageId' = ?", messageId);
    }

    private double duplicates() {
        var counter = meters.find("hub.bus.duplicates").tag("agent", PROBE).counter();
        return counter == null ? 0 : counter.count();
    }
}
