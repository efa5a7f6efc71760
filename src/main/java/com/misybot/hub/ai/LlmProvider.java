package com.misybot.hub.ai;

import java.time.Duration;
import java.util.Map;

/** A chat completion backend: {@code openai} (OpenAI-compatible HTTP) or {@code offline} (deterministic templates). */
public interface LlmProvider {

    String id();

    Completion complete(Call call);

    /** What is sent: rendered prompts (or, offline, the template and its variables) and the model settings. */
    record Call(String agent, String prompt, String system, String user, Map<String, Object> variables, String model,
                double temperature, int maxTokens, Duration timeout, boolean json) {

        public Call withUser(String newUser) {
            return new Call(agent, prompt, system, newUser, variables, model, temperature, maxTokens, timeout, json);
        }
    }

    /** What came back. */
    record Completion(String text, String model, int inputTokens, int outputTokens) {
    }
}
