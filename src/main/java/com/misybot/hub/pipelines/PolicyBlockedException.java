package com.misybot.hub.pipelines;

import com.misybot.hub.pipelines.policy.PolicyDecision;
import java.util.stream.Collectors;

/** The policy gate blocked the content: the viralization saga fails and compensates. */
public class PolicyBlockedException extends RuntimeException {

    public PolicyBlockedException(PolicyDecision decision) {
        super("Blocked by policy: " + decision.findings().stream()
                .filter(f -> PolicyDecision.BLOCK.equals(f.verdict()))
                .map(f -> f.ruleId() + " (" + f.match() + ")").collect(Collectors.joining(", ")), null, false, false);
    }
}
