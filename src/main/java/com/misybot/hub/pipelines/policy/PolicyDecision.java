package com.misybot.hub.pipelines.policy;

import java.util.List;
import java.util.Map;

/**
 * The gate's answer: ALLOW, REVIEW (a person must approve) or BLOCK, every rule that fired, and the version of each
 * policy that judged (empty for a gate built from files alone), kept with the run.
 */
public record PolicyDecision(String verdict, List<Finding> findings, Map<String, Integer> policies) {

    public PolicyDecision {
        findings = List.copyOf(findings);
        policies = policies == null ? Map.of() : Map.copyOf(policies);
    }

    public PolicyDecision(String verdict, List<Finding> findings) {
        this(verdict, findings, Map.of());
    }

    /** This decision, naming the policy versions that made it. */
    PolicyDecision by(Map<String, Integer> versions) {
        return new PolicyDecision(verdict, findings, versions);
    }

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
