package com.misybot.hub.ai;

/**
 * {@code offline}: deterministic answers without any model or key, from the template
 * {@code config/prompts/<prompt>.offline.json} (or {@code .offline.txt}) filled with the request's variables — the
 * agents put their retrieved context there, so answers are template- and retrieval-based. Every response says
 * {@code provider: offline}; token counts are word counts.
 */
public class OfflineLlmProvider implements LlmProvider {

    public static final String MODEL = "offline-template";

    private final PromptTemplates prompts;

    public OfflineLlmProvider(PromptTemplates prompts) {
        this.prompts = prompts;
    }

    @Override
    public String id() {
        return "offline";
    }

    @Override
    public Completion complete(Call call) {
        String file = call.prompt() + (prompts.exists(call.prompt() + ".offline.json") ? ".offline.json"
                : ".offline.txt");
        String text = prompts.render(file, call.variables());
        return new Completion(text, MODEL, words(call.system()) + words(call.user()), words(text));
    }

    private static int words(String text) {
        return text == null || text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }
}
