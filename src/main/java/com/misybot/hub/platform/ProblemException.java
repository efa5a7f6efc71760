package com.misybot.hub.platform;

import java.time.Duration;
import java.util.List;

/** Thrown by processors and services to end a request with a specific problem (status, detail, violations). */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final transient List<Problem.Violation> violations;
    private final Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null, null);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.Violation> violations, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.violations = violations;
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    /** For 429 and 503: how long the client should wait, sent as {@code Retry-After}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Problem toProblem(String correlationId) {
        Problem problem = Problem.of(type, getMessage(), correlationId);
        return violations == null ? problem : problem.withErrors(violations);
    }
}
