package com.misybot.hub.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * The envelope schema ({@code <hub.ingress.schemas>/envelope.v1.json}, draft from its {@code $schema}) applied to the
 * tree {@link EnvelopeCodec} already parsed, so a bus message is parsed once per hop instead of once more for the
 * validator. Violations raise camel-json-validator's {@link JsonValidationException}, as the json-validator endpoint
 * would, so error handling and dead-letter headers are the same.
 */
@Component("envelopeSchema")
public class EnvelopeSchema {

    private final JsonSchema schema;

    public EnvelopeSchema(ResourceLoader resources, ObjectMapper json,
                          @Value("${hub.ingress.schemas}/envelope.v1.json") String location) {
        try (InputStream in = resources.getResource(location).getInputStream()) {
            JsonNode node = json.readTree(in);
            this.schema = JsonSchemaFactory.getInstance(SpecVersionDetector.detect(node)).getSchema(node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the envelope schema " + location, e);
        }
    }

    /** Validates the envelope tree of this exchange (set by {@link EnvelopeCodec}). */
    public void validate(Exchange exchange) throws JsonValidationException {
        JsonNode envelope = exchange.getVariable(BusHeaders.VAR_TREE, JsonNode.class);
        Set<ValidationMessage> errors = schema.validate(envelope);
        if (!errors.isEmpty()) {
            throw new JsonValidationException(exchange, schema, errors);
        }
    }
}
