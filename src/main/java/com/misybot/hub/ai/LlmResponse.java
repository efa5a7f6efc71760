package com.misybot.hub.ai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of a completion: text, parsed JSON when a schema was asked for, and its accounting (provider, model,
 * tokens, latency, cost, attempts, whether a repair was needed).
 */
public record LlmResponse(String text, JsonNode json, String provider, String model, int inputTokens,
                          int outputTokens, long latencyMs, double costUsd, int attempts, boolean repaired) {
}
