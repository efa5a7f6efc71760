package com.misybot.hub.ai;

import java.util.Map;

/**
 * One chat completion asked by an agent: its prompts are {@code config/prompts/<prompt>.system.md} and
 * {@code .user.md} (offline: {@code .offline.json} or {@code .offline.txt}) rendered with {@code variables};
 * {@code outputSchema} names the JSON schema in {@code config/schemas/} the answer must match (null = free text).
 * {@code temperature}, {@code maxTokens} and {@code repairs} (answers sent back when they break the schema) come
 * from the agent's YAML behaviour; null = the configured defaults (hub.llm.openai.*, one repair), and a per-agent
 * override in hub.llm.agents.* wins over both.
 */
public record LlmRequest(String agent, String prompt, Map<String, Object> variables, String outputSchema,
                         String userId, String sessionId, String correlationId, Double temperature,
                         Integer maxTokens, Integer repairs) {

    public LlmRequest(String agent, String prompt, Map<String, Object> variables, String outputSchema,
                      String userId, String sessionId, String correlationId) {
        this(agent, prompt, variables, outputSchema, userId, sessionId, correlationId, null, null, null);
    }

    /** How many times an answer that breaks the output schema is sent back with its violations (default 1). */
    public int repairsOrDefault() {
        return repairs == null ? 1 : Math.max(0, repairs);
    }
}
