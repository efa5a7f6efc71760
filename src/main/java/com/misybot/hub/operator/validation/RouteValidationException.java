package com.misybot.hub.operator.validation;

import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
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

    /** The 422 problem an API answers: every error with its line and column; {@code what} names what was refused. */
    public ProblemException toProblem(String what) {
        List<Problem.Violation> violations = errors.stream()
                .map(err -> Problem.Violation.at(err.line(), err.column(), err.message())).toList();
        return new ProblemException(ProblemType.INVALID_ROUTES, what + " is refused (" + violations.size()
                + " error(s)); nothing was stored and nothing running changed.", violations, null);
    }
}
