package com.misybot.hub.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope schema and codec: what passes, what is refused, what a dead letter carries. */
class EnvelopeTest {

    private final ObjectMapper json = new ObjectMapper();
    private final BusProperties bus = new Binder(new MapConfigurationPropertySource(
            Map.of("hub.bus.agents", "front-desk,faq-responder"))).bind("hub.bus", BusProperties.class).get();
    private final EnvelopeCodec codec = new EnvelopeCodec(json, bus);

    private static JsonSchema schema() throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("config/schemas/envelope.v1.json")));
    }

    @Test
    void should_accept_an_envelope_made_by_the_hub() throws IOException {
        Envelope envelope = Envelope.create("session.message", "front-desk", "s-1", "corr-1", "turn-1", 4,
                Map.of("text", "hello"));
        Set<ValidationMessage> errors = schema().validate(json.readTree(codec.toJson(envelope)));
        assertThat(errors).isEmpty();
    }

    @Test
    void should_reject_envelopes_that_break_the_schema() throws IOException {
        ObjectNode valid = (ObjectNode) json.readTree(codec.toJson(Envelope.create("t", "front-desk", null, "c", null,
                4, Map.of())));
        for (Map.Entry<String, Object> breakage : Map.<String, Object>of(
                "messageId", "not-a-uuid", "priority", 10, "agent", "Front_Desk", "schemaVersion", 0,
                "correlationId", "has spaces", "payload", "text").entrySet()) {
            ObjectNode broken = valid.deepCopy();
            broken.set(breakage.getKey(), json.valueToTree(breakage.getValue()));
            assertThat(schema().validate(broken)).as(breakage.getKey()).isNotEmpty();
        }
        ObjectNode missing = valid.deepCopy();
        missing.remove("type");
        assertThat(schema().validate(missing)).isNotEmpty();
        ObjectNode extra = valid.deepCopy();
        extra.put("surprise", true);
        assertThat(schema().validate(extra)).isNotEmpty();
    }

    @Test
    void should_refuse_to_send_to_an_agent_that_has_no_queue_or_that_the_envelope_does_not_name() {
        Exchange unknown = exchange(codec.toJson(Envelope.create("t", "nobody", null, "c", null, 4, Map.of())));
        assertThatThrownBy(() -> codec.outgoing(unknown)).isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageContaining("no agent 'nobody'");

        Exchange mismatch = exchange(codec.toJson(Envelope.create("t", "front-desk", null, "c", null, 4, Map.of())));
        mismatch.setVariable(BusHeaders.VAR_AGENT, "faq-responder");
        assertThatThrownBy(() -> codec.outgoing(mismatch)).isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageContaining("sent to 'faq-responder'");
    }

    @Test
    void should_keep_only_bus_headers_on_an_outgoing_message() throws Exception {
        Envelope envelope = Envelope.create("t", "front-desk", "s-1", "corr-9", null, 7, Map.of());
        Exchange exchange = exchange(envelope);
        exchange.getMessage().setHeader("Authorization", "Bearer secret");
        exchange.getMessage().setHeader("CamelHttpUri", "/api/v1/x");
        codec.outgoing(exchange);
        assertThat(exchange.getMessage().getHeaders()).containsOnlyKeys(BusHeaders.MESSAGE_ID, BusHeaders.AGENT,
                BusHeaders.CORRELATION_ID, BusHeaders.PRIORITY);
        assertThat(exchange.getMessage().getHeader(BusHeaders.PRIORITY)).isEqualTo(7);
        assertThat(exchange.getMessage().getBody()).isInstanceOf(String.class);
        JsonNode body = json.readTree(exchange.getMessage().getBody(String.class));
        assertThat(body.path("messageId").asText()).isEqualTo(envelope.messageId());
    }

    @Test
    void should_reject_a_received_body_that_is_not_a_json_object() {
        for (String body : List.of("not json", "[1,2]", "")) {
            assertThatThrownBy(() -> codec.incoming(exchange(body))).as(body)
                    .isInstanceOf(InvalidEnvelopeException.class);
        }
    }

    @Test
    void should_list_the_violations_of_an_invalid_envelope_for_its_dead_letter() {
        assertThat(DeadLetters.violations(new InvalidEnvelopeException(List.of("/a: x", "/b: y"))))
                .containsExactly("/a: x", "/b: y");
        assertThat(DeadLetters.violations(new IllegalStateException("boom"))).isEmpty();
    }

    private static Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
