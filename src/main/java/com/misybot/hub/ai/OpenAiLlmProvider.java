package com.misybot.hub.ai;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import com.misybot.hub.platform.OutboundUrlPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code openai}: LangChain4j's OpenAI-compatible chat client (OpenAI, Azure OpenAI v1, Ollama, vLLM by base URL).
 * LangChain4j's own retries are off ({@code maxRetries(0)}): the port retries, honouring Retry-After. The base URL
 * must pass {@code hub.security.outbound} at start, and every call's URL again before it is sent.
 */
public class OpenAiLlmProvider implements LlmProvider {

    private final LlmProperties.OpenAi settings;
    private final Map<String, OpenAiChatModel> models = new ConcurrentHashMap<>();
    private final OutboundUrlPolicy outbound;

    public OpenAiLlmProvider(LlmProperties.OpenAi settings, OutboundUrlPolicy outbound) {
        if (settings == null || settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new IllegalStateException("hub.llm.provider=openai needs an API key: set HUB_OPENAI_API_KEY "
                    + "(local servers such as Ollama accept any value)");
        }
        outbound.requireConfigured("hub.llm.openai.base-url", settings.baseUrl());
        this.settings = settings;
        this.outbound = outbound;
    }

    @Override
    public String id() {
        return "openai";
    }

    @Override
    public Completion complete(Call call) {
        ChatRequest.Builder request = ChatRequest.builder()
                .messages(SystemMessage.from(call.system()), UserMessage.from(call.user()));
        if (call.json()) {
            request.responseFormat(ResponseFormat.JSON);
        }
        ChatResponse response = model(call).chat(request.build());
        TokenUsage usage = response.tokenUsage();
        return new Completion(response.aiMessage().text(),
                response.modelName() != null ? response.modelName() : call.model(),
                usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount(),
                usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
    }

    private OpenAiChatModel model(Call call) {
        String key = call.model() + "|" + call.temperature() + "|" + call.maxTokens() + "|" + call.timeout();
        return models.computeIfAbsent(key, k -> OpenAiChatModel.builder()
                .httpClientBuilder(new HeaderAwareHttpClient.Builder(outbound))
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .modelName(call.model())
                .temperature(call.temperature())
                .maxTokens(call.maxTokens())
                .timeout(call.timeout())
                .maxRetries(0)
                .build());
    }
}
