package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Property placeholders ({@code {{name}}}) read the hub's whole configuration, secrets included, and an operator
 * route can answer with what it read. Operator YAML may read only keys under the configured prefixes whose names
 * do not look like secrets, and, inside a route template, the template's own parameters.
 */
final class PlaceholderRules {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}:]+)(?::[^}]*)?}}");
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "key", "credential",
            "private", "passphrase");

    private final RoutePolicyProperties policy;

    PlaceholderRules(RoutePolicyProperties policy) {
        this.policy = policy;
    }

    void check(YamlDocument doc, List<RouteError> errors) {
        JsonNode root = doc.root();
        for (var scalar : doc.scalars()) {
            if (!scalar.getValue().isTextual()) {
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(scalar.getValue().asText());
            while (m.find()) {
                String name = m.group(1).trim();
                if (!templateParameters(root, scalar.getKey()).contains(name) && !readable(name)) {
                    errors.add(doc.error(scalar.getKey(), "Property placeholder '{{" + name + "}}' may not be read"
                            + " by operator YAML (allowed: keys under " + policy.propertyPrefixes()
                            + " that name no secret, and a template's own parameters)"));
                }
            }
        }
    }

    private boolean readable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return policy.propertyPrefixes().stream().anyMatch(lower::startsWith)
                && SECRET_WORDS.stream().noneMatch(lower::contains);
    }

    /** The parameters declared by the route template holding {@code pointer} (none outside templates). */
    private static Set<String> templateParameters(JsonNode root, String pointer) {
        Set<String> names = new HashSet<>();
        Matcher template = Pattern.compile("^/(\\d+)/routeTemplate/").matcher(pointer);
        if (template.find()) {
            for (JsonNode parameter : root.path(Integer.parseInt(template.group(1))).path("routeTemplate")
                    .path("parameters")) {
                if (parameter.hasNonNull("name")) {
                    names.add(parameter.get("name").asText());
                }
            }
        }
        return names;
    }
}
