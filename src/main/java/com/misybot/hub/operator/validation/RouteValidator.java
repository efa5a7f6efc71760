package com.misybot.hub.operator.validation;

import java.util.Set;

/**
 * Checks operator YAML before anything runs: YAML syntax, Camel's YAML DSL schema, the hub's policy (components,
 * beans, languages and HTTP paths the caller's roles may use; ids namespaced and not taken by a platform route;
 * kamelet rules) and a dry run in a sandbox CamelContext that never starts (unknown endpoint, bean or kamelet
 * parameter). Throws with every error found, each with its line.
 */
public interface RouteValidator {

    RouteSource validate(String yaml, Set<String> roles) throws RouteValidationException;
}
