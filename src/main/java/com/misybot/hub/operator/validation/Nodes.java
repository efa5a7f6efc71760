package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Walks the YAML tree with JSON pointers, so every rule can name the place of what it refuses. */
final class Nodes {

    /** Called for every mapping entry: its pointer, its key, its value, and the key of the mapping holding it. */
    interface Visitor {
        void entry(String pointer, String key, JsonNode value, String parentKey);
    }

    private Nodes() {
    }

    static void walk(JsonNode root, Visitor visitor) {
        walk(root, "", "", visitor);
    }

    private static void walk(JsonNode node, String pointer, String ownerKey, Visitor visitor) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = pointer + YamlDocument.segment(field.getKey());
                visitor.entry(child, field.getKey(), field.getValue(), ownerKey);
                walk(field.getValue(), child, field.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, ownerKey, visitor);
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
