package com.misybot.hub.pipelines.policy;

import java.time.Instant;
import java.util.List;

/**
 * One stored version of a policy (the text of one policy file, {@code config/policies/<policyId>.yaml}).
 * {@code status}: candidate (stored, not serving), active (the gate serves it; at most one per policy) or retired
 * (served before). {@code source}: {@code api}, or the file it was imported from.
 */
public record PolicyVersion(String policyId, int version, String sha256, String yaml, List<String> ruleIds,
                            String author, String status, String source, String activatedBy, Instant activatedAt,
                            Instant createdAt) {

    public static final String CANDIDATE = "candidate";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";
    public static final String API = "api";
}
