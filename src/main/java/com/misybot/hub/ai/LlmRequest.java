package com.misybot.hub.ai;

import java.util.Map;

/**
 * One chat completion asked by an agent: its prompts are {@code config/prompts/<prompt>.system.md} and
 * {@code .user.md} (offline: {@code .offline.json} or {@code .offline.txt}) rendered with {@code variables};
 * {@code outputSchema} names the JSON schema in {@code config/schemas/} the answer must match (null = free text).
 */
public record LlmRequest(String agent, String prompt, Map<String, Object> variables, String outputSchema,
                         String userId, String sessionId, String correlationId) {
}
