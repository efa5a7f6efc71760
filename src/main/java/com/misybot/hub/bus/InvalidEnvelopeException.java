package com.misybot.hub.bus;

import java.util.List;

/** A bus message that is not a valid envelope: dead-lettered at once, never retried. */
public class InvalidEnvelopeException extends RuntimeException {

    private final List<String> violations;

    public InvalidEnvelopeException(List<String> violations) {
        super("Invalid envelope: " + String.join("; ", violations));
        this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
        return violations;
    }
}
