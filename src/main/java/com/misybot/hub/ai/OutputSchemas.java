package com.misybot.hub.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.platform.web.SchemaViolations;
import com.misybot.hub.platform.Problem;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ResourceLoader;

/** The JSON schemas agents' answers must match ({@code config/schemas/<name>}, draft 2020-12). */
public class OutputSchemas {

    private final ResourceLoader resources;
    private final String location;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    public OutputSchemas(ResourceLoader resources, String location) {
        this.resources = resources;
        this.location = location.endsWith("/") ? location : location + "/";
    }

    /** The violations of {@code answer} (empty when it matches). */
    public List<Problem.Violation> violations(String schema, JsonNode answer) {
        return SchemaViolations.of(schemas.computeIfAbsent(schema, this::load).validate(answer));
    }

    private JsonSchema load(String name) {
        try (InputStream in = resources.getResource(location + name).getInputStream()) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("No output schema " + location + name, e);
        }
    }
}
