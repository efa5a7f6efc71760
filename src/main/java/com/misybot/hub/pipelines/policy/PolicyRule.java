package com.misybot.hub.pipelines.policy;

import java.util.List;

/**
 * One rule of a policy file ({@code config/policies/*.yaml}). patterns: case-insensitive regular expressions matched
 * as whole words (blocked-terms, claims; for disclosures the paid-promotion indicators); disclosures: the markers that
 * disclose paid promotion (kind disclosures only); platform-rules take their limits from config/platforms.yaml.
 */
public record PolicyRule(String id, String kind, String description, String verdict, List<String> patterns,
                         List<String> disclosures) {

    public static final String BLOCKED_TERMS = "blocked-terms";
    public static final String CLAIMS = "claims";
    public static final String PLATFORM_RULES = "platform-rules";
    public static final String DISCLOSURES = "disclosures";
    public static final List<String> KINDS = List.of(BLOCKED_TERMS, CLAIMS, PLATFORM_RULES, DISCLOSURES);

    /** The parsed file: its rules. */
    public record File(List<PolicyRule> rules) {
    }
}
