package com.misybot.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A schema-valid request body built from a JSON Schema alone: required members only, each property taken from
 * {@code values} when the test named it (a session of the caller, a fresh username), otherwise the smallest value
 * the schema allows. The suite sends it as it is (function-level refusals must refuse a call that would work) or
 * breaks it (fuzzing).
 */
public final class SchemaSamples {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Tried in order for a string with a pattern and no test value. */
    private static final List<String> CANDIDATES = List.of("sample", "sample-1", "abc", "a", "x1",
            "2030-01-01T00:00:00Z", "s-1");

    private SchemaSamples() {
    }

    public static JsonNode valid(JsonNode schema, Map<String, ?> values) {
        return sample(schema, values, null);
    }

    private static JsonNode sample(JsonNode schema, Map<String, ?> values, String name) {
        if (name != null && values.containsKey(name)) {
            return JSON.valueToTree(values.get(name));
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            // the first alternative, merged with what the schema says around it
            ObjectNode merged = ((ObjectNode) schema).deepCopy();
            JsonNode first = schema.has("oneOf") ? schema.get("oneOf").get(0) : schema.get("anyOf").get(0);
            merged.remove("oneOf");
            merged.remove("anyOf");
            first.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
            return sample(merged, values, name);
        }
        String type = type(schema);
        switch (type) {
            case "object": {
                ObjectNode object = NODES.objectNode();
                for (JsonNode required : schema.path("required")) {
                    String property = required.asText();
                    object.set(property, sample(schema.path("properties").path(property), values, property));
                }
                return object;
            }
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int n = Math.max(1, schema.path("minItems").asInt(1));
                JsonNode items = schema.path("items");
                for (int i = 0; i < n; i++) {
                    JsonNode item = items.has("enum") ? items.get("enum").get(i % items.get("enum").size())
                            : sample(items, values, null);
                    if (item.isTextual() && schema.path("uniqueItems").asBoolean() && !items.has("enum") && i > 0) {
                        item = NODES.textNode(item.asText() + i);
                    }
                    // "contains" (with minContains/maxContains 1, as "exactly one control"): the first item only
                    if (i == 0 && schema.has("contains") && item instanceof ObjectNode object) {
                        JsonNode contains = schema.get("contains");
                        for (JsonNode required : contains.path("required")) {
                            String property = required.asText();
                            object.set(property, sample(contains.path("properties").path(property), values, null));
                        }
                    }
                    array.add(item);
                }
                return array;
            }
            case "integer":
                return NODES.numberNode(Math.max(schema.path("minimum").asLong(0), 0));
            case "number":
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asDouble() : 0.5);
            case "boolean":
                return NODES.booleanNode(false);
            default:
                return NODES.textNode(string(schema));
        }
    }

    private static String string(JsonNode schema) {
        int min = schema.path("minLength").asInt(1);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        if ("date-time".equals(schema.path("format").asText())) {
            return "2030-01-01T00:00:00Z";
        }
        String pattern = schema.path("pattern").asText(null);
        for (String candidate : CANDIDATES) {
            String padded = candidate.length() >= min ? candidate : candidate + "x".repeat(min - candidate.length());
            if (padded.length() <= max && (pattern == null || java.util.regex.Pattern.compile(pattern).matcher(padded).find())) {
                return padded;
            }
        }
        throw new IllegalStateException("No sample string for " + schema + ": name a test value for it");
    }

    /** The schema's type; an untyped schema with properties is an object. */
    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray() && type.size() > 0) {
            return type.get(0).asText();
        }
        if (schema.has("properties") || schema.has("required")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "any";
    }

    /** The properties a schema declares (after merging a oneOf's first branch). */
    static Iterator<Map.Entry<String, JsonNode>> properties(JsonNode schema) {
        if (schema.has("oneOf")) {
            return schema.get("oneOf").get(0).path("properties").fields();
        }
        return schema.path("properties").fields();
    }
}
