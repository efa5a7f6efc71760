package com.misybot.hub.operator.validation;

/** One reason operator YAML was refused, at a 1-based line and column of the submitted text (0 when unknown). */
public record RouteError(int line, int column, String message) {
}
