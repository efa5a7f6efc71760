package com.misybot.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Schema-valid bodies carrying hostile values where the schema lets anything in: each free-text member (a string
 * without pattern, enum or format) gets NUL, lone surrogates, invisible or direction characters and injection
 * strings; each number member gets extreme literals the schema still accepts. A hub may store them; it must not
 * crash on them.
 */
final class HostileValues {

    static final List<String> STRINGS = List.of("\u0000", "a\u0000b", "\ud800", "x\udfff", "\u200b", "\ufeff", " ",
            "\t\n", "\u202etxt.exe", "e\u0301", "\ud83d\ude00", "' OR '1'='1", "\",\"roles\":[\"superadmin\"],\"x\":\"",
            "${bean:tokenService}", "${exchangeProperty.CamelCorrelationId}", "{{7*7}}");
    static final List<String> INTEGERS = List.of("9223372036854775807", "9223372036854775808", "1e2", "-0", "1.0");
    static final List<String> NUMBERS = List.of("1e-999", "-0", "0.99999999999999999999", "-1.0", "5E-324");

    private HostileValues() {
    }

    static List<String> of(JsonNode schema, JsonNode valid) {
        boolean array = "array".equals(SchemaSamples.type(schema));
        JsonNode objectSchema = array ? schema.path("items") : schema.has("oneOf") ? schema.get("oneOf").get(0) : schema;
        ObjectNode object = (ObjectNode) (array ? valid.get(0) : valid);
        List<String> bodies = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = objectSchema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode s = property.getValue();
            String type = s.path("type").asText();
            if (s.has("pattern") || s.has("enum") || s.has("const") || s.has("format")) {
                continue;
            }
            List<JsonNode> values = new ArrayList<>();
            if (type.equals("string")) {
                STRINGS.forEach(v -> values.add(JsonNodeFactory.instance.textNode(v)));
            } else if (type.equals("integer") && !s.has("maximum")) {
                INTEGERS.forEach(v -> values.add(HostileBodies.rawNumber(v)));
            } else if (type.equals("number")) {
                NUMBERS.forEach(v -> values.add(HostileBodies.rawNumber(v)));
            }
            for (JsonNode value : values) {
                ObjectNode copy = object.deepCopy();
                copy.set(property.getKey(), value);
                if (array) {
                    ArrayNode wrapper = JsonNodeFactory.instance.arrayNode().add(copy);
                    bodies.add(HostileBodies.write(wrapper));
                } else {
                    bodies.add(HostileBodies.write(copy));
                }
            }
        }
        return bodies;
    }
}
