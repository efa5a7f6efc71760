package com.misybot.hub.platform.web;

import com.misybot.hub.platform.Problem;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Maps JSON-schema validation messages (networknt, as raised by camel-json-validator) to problem violations. */
public final class SchemaViolations {

    private SchemaViolations() {
    }

    public static List<Problem.Violation> of(Collection<ValidationMessage> messages) {
        return messages.stream()
                .map(SchemaViolations::of)
                .sorted(Comparator.comparing(Problem.Violation::pointer).thenComparing(Problem.Violation::rule))
                .toList();
    }

    static Problem.Violation of(ValidationMessage message) {
        StringBuilder pointer = new StringBuilder();
        JsonNodePath path = message.getInstanceLocation();
        for (int i = 0; path != null && i < path.getNameCount(); i++) {
            pointer.append('/').append(escape(String.valueOf(path.getElement(i))));
        }
        // a missing or unexpected property is reported on its parent; point at the property itself
        if (message.getProperty() != null
                && ("required".equals(message.getType()) || "additionalProperties".equals(message.getType()))) {
            pointer.append('/').append(escape(message.getProperty()));
        }
        String text = message.getMessage();
        int colon = text.indexOf(": ");
        if (text.startsWith("$") && colon > 0) {
            text = text.substring(colon + 2);
        }
        return new Problem.Violation(pointer.toString(), message.getType(), text);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
