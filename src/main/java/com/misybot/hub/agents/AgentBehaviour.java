package com.misybot.hub.agents;

import com.misybot.hub.ai.LlmRequest;
import java.util.Map;

/**
 * An agent's behaviour as its operator YAML declares it (routes/agents/*.camel.yaml, kamelet parameters): prompt
 * template (config/prompts), output schema (config/schemas), model parameters, how many times an answer that breaks
 * the schema is sent back ({@code repairs}), and the fallback when it still breaks it ({@code reply}: the agent
 * answers that it failed; {@code fail}: the message fails, so the bus retries it and then dead-letters it).
 */
public record AgentBehaviour(String prompt, String outputSchema, Double temperature, Integer maxTokens,
                             Integer repairs, String fallback) {

    public static final String FALLBACK_REPLY = "reply";
    public static final String FALLBACK_FAIL = "fail";

    public AgentBehaviour {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("An agent behaviour needs a prompt template name");
        }
        if (fallback != null && !FALLBACK_REPLY.equals(fallback) && !FALLBACK_FAIL.equals(fallback)) {
            throw new IllegalArgumentException("Unknown fallback '" + fallback + "' (reply or fail)");
        }
    }

    /** The LLM request of this behaviour for a task. */
    public LlmRequest request(String agent, Map<String, Object> variables, AgentTask task) {
        return new LlmRequest(agent, prompt, variables, outputSchema, task.ownerId(), task.sessionId(),
                task.correlationId(), temperature, maxTokens, repairs);
    }

    /** True when a failed completion should fail the message rather than become the agent's failure reply. */
    public boolean failsOnError() {
        return FALLBACK_FAIL.equals(fallback);
    }
}
