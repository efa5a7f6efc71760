package com.misybot.hub.operator.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * A route's {@code routeConfigurationId} must name a route configuration the platform defines (ingress,
 * agent-bus, ...). Camel itself ignores an unknown id, so the route would run without the error handling its
 * author counted on.
 */
final class RouteConfigurationRules {

    private final CamelContext camelContext;

    RouteConfigurationRules(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    List<RouteError> check(YamlDocument doc) {
        Set<String> known = camelContext.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteConfigurationDefinitions().stream().map(RouteConfigurationDefinition::getId)
                .collect(Collectors.toSet());
        List<RouteError> errors = new ArrayList<>();
        Nodes.walk(doc.root(), (pointer, key, value, parentKey) -> {
            if (!"routeConfigurationId".equals(key) || !value.isTextual()) {
                return;
            }
            for (String id : value.asText().split(",")) {
                String trimmed = id.trim();
                if (!trimmed.isEmpty() && !known.contains(trimmed)) {
                    errors.add(doc.error(pointer, "Route configuration '" + trimmed + "' does not exist (known: "
                            + known.stream().sorted().toList() + ")"));
                }
            }
        });
        return errors;
    }
}
