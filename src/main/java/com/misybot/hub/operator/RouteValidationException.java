package com.misybot.hub.operator;

import java.util.List;

/** Operator YAML that must not run: every reason found, each with its line (answered as 422 problem+json). */
public class RouteValidationException extends RuntimeException {

    private final transient List<RouteError> errors;

    public RouteValidationException(List<RouteError> errors) {
        super(errors.isEmpty() ? "Invalid routes" : errors.get(0).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    public List<RouteError> errors() {
        return errors;
    }
}
