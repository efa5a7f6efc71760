package com.misybot.hub.pipelines.policy;

import java.util.List;

/** The gate's answer: ALLOW, REVIEW (a person must approve) or BLOCK, and every rule that fired. */
public record PolicyDecision(String verdict, List<Finding> findings) {

    public static final String ALLOW = "ALLOW";
    public static final String REVIEW = "REVIEW";
    public static final String BLOCK = "BLOCK";

    /** One rule that fired; match is the offending text when there is one. */
    public record Finding(String ruleId, String kind, String verdict, String message, String match) {
    }

    public boolean allowed() {
        return ALLOW.equals(verdict);
    }

    /** How bad a verdict is: ALLOW 0, REVIEW 1, BLOCK 2. */
    static int severity(String verdict) {
        return switch (verdict) {
            case BLOCK -> 2;
            case REVIEW -> 1;
            default -> 0;
        };
    }
}
