package com.misybot.hub.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail as the hub sends it: the standard members plus {@code correlationId} and, for
 * validation failures, {@code errors} naming each JSON pointer and rule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String correlationId,
                      List<Violation> errors) {

    /** Media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private static final String TYPE_PREFIX = "urn:misybot:problem:";

    /**
     * One rule a request broke: where ({@code pointer}, a JSON pointer; or {@code line} and {@code column} of a
     * submitted text such as operator YAML), which rule, and a readable message.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Violation(String pointer, String rule, String message, Integer line, Integer column) {

        public Violation(String pointer, String rule, String message) {
            this(pointer, rule, message, null, null);
        }

        /** A violation at a 1-based line and column of a submitted text. */
        public static Violation at(int line, int column, String message) {
            return new Violation(null, null, message, line, column);
        }
    }

    public static Problem of(ProblemType type, String detail, String correlationId) {
        return new Problem(TYPE_PREFIX + type.slug(), type.title(), type.status(), detail, null, correlationId, null);
    }

    public Problem withErrors(List<Violation> violations) {
        return new Problem(type, title, status, detail, instance, correlationId, violations);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, correlationId, errors);
    }
}
