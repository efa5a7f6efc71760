package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a unit may contain: routes, route templates and templated routes only, each with its own explicit kebab-case
 * id. Beans, route configurations and error handlers are the platform's: operators reference them by id.
 */
final class StructureRules {

    private static final Set<String> KINDS = Set.of("route", "routeTemplate", "templatedRoute");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    void check(YamlDocument doc, List<RouteError> errors) {
        JsonNode root = doc.root();
        if (!root.isArray()) {
            return; // the schema says the text must be a list
        }
        for (int i = 0; i < root.size(); i++) {
            JsonNode entry = root.get(i);
            for (Iterator<String> keys = entry.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!KINDS.contains(key)) {
                    errors.add(doc.keyAt("/" + i + YamlDocument.segment(key)).error(refusal(key)));
                }
            }
        }
        Map<String, YamlDocument.Position> seen = new HashMap<>();
        for (UnitIds.Id id : UnitIds.of(doc).ids()) {
            YamlDocument.Position at = doc.at(id.pointer());
            if (id.id() == null) {
                errors.add(at.error("Every " + name(id.kind()) + " needs an explicit id ("
                        + (id.kind() == UnitIds.Kind.TEMPLATED_ROUTE ? "routeId" : "id") + ")"));
            } else if (!KEBAB.matcher(id.id()).matches()) {
                errors.add(at.error("Id '" + id.id() + "' must be kebab-case (lower-case words joined by '-')"));
            } else if (seen.containsKey(id.id())) {
                errors.add(at.error("Id '" + id.id() + "' is used twice in the text (first at line "
                        + seen.get(id.id()).line() + ")"));
            } else {
                seen.put(id.id(), at);
            }
        }
    }

    private static String refusal(String key) {
        return switch (key) {
            case "beans" -> "'beans' may not be declared in operator YAML: name a bean of the processors catalog";
            case "routeConfiguration", "errorHandler", "onException", "intercept", "interceptFrom",
                 "interceptSendToEndpoint", "onCompletion" -> "'" + key + "' may not be declared in operator YAML:"
                    + " reference an existing route configuration with routeConfigurationId (e.g. ingress, agent-bus)";
            default -> "'" + key + "' may not be declared in operator YAML: only route, routeTemplate and"
                    + " templatedRoute";
        };
    }

    private static String name(UnitIds.Kind kind) {
        return switch (kind) {
            case ROUTE -> "route";
            case ROUTE_TEMPLATE -> "routeTemplate";
            case TEMPLATED_ROUTE -> "templatedRoute";
        };
    }
}
