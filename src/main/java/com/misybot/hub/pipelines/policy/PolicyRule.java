package com.misybot.hub.pipelines.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One rule of a policy file ({@code config/policies/*.yaml}). patterns: case-insensitive regular expressions matched
 * as whole words (blocked-terms, claims; for disclosures the paid-promotion indicators); disclosures: the markers that
 * disclose paid promotion (kind disclosures only); platform-rules take their limits from config/platforms.yaml.
 * examples: statements the rule is about, checked by meaning sentence by sentence ({@link SemanticPolicy});
 * counter-examples: close statements the rule allows (a sentence nearer to one of them than to every example is not
 * a finding).
 */
public record PolicyRule(String id, String kind, String description, String verdict, List<String> patterns,
                         List<String> disclosures, List<String> examples,
                         @JsonProperty("counter-examples") List<String> counterExamples) {

    public static final String BLOCKED_TERMS = "blocked-terms";
    public static final String CLAIMS = "claims";
    public static final String PLATFORM_RULES = "platform-rules";
    public static final String DISCLOSURES = "disclosures";
    public static final List<String> KINDS = List.of(BLOCKED_TERMS, CLAIMS, PLATFORM_RULES, DISCLOSURES);

    /** The parsed file: its rules. */
    public record File(List<PolicyRule> rules) {
    }
}
