package com.misybot.hub.processors;

import com.misybot.hub.pipelines.ViralizationRun;
import com.misybot.hub.pipelines.ViralizationSteps;
import com.misybot.hub.pipelines.policy.PolicyRegistry;
import com.misybot.hub.pipelines.policy.PolicyInput;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code policyCheck}: the policy gate (the active policy versions, config/policies at first) on the text in the body; the decision is kept with the run
 * and its verdict (ALLOW, REVIEW) returned; BLOCK fails the step.
 */
@Component("policyCheck")
public class PolicyCheck {

    private final PolicyRegistry gate;
    private final ViralizationSteps steps;

    public PolicyCheck(PolicyRegistry gate, ViralizationSteps steps) {
        this.gate = gate;
        this.steps = steps;
    }

    public String check(PolicyInput input, @Variable("run") ViralizationRun run) throws Exception {
        return steps.policy(gate.evaluate(input), run);
    }
}
