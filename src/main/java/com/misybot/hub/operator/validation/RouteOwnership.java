package com.misybot.hub.operator.validation;

import java.util.Optional;

/**
 * Which unit of operator YAML owns a route id. A route id in the CamelContext without an owner is a platform route
 * (Java DSL): operator YAML may neither reuse nor replace it.
 */
public interface RouteOwnership {

    Optional<String> unitOf(String routeId);
}
