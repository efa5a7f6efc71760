package com.misybot.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** The offline provider renders the shipped templates into answers that match the agents' output schemas. */
class OfflineLlmProviderTest {

    private final ObjectMapper json = new ObjectMapper();
    private final PromptTemplates prompts = new PromptTemplates(new DefaultResourceLoader(), "file:config/prompts", json);
    private final OutputSchemas schemas = new OutputSchemas(new DefaultResourceLoader(), "file:config/schemas");

    @Test
    void should_answer_deterministically_with_json_that_matches_the_schema_when_offline() throws Exception {
        OfflineLlmProvider offline = new OfflineLlmProvider(prompts);
        Map<String, Object> variables = Map.of("answer", "Open \"Settings\", then Security.",
                "citations", List.of("reset-password"), "confident", true);
        LlmProvider.Call call = new LlmProvider.Call("faq-responder", "faq-responder", null, null, variables,
                OfflineLlmProvider.MODEL, 0, 100, java.time.Duration.ofSeconds(1), true);
        LlmProvider.Completion first = offline.complete(call);
        JsonNode answer = json.readTree(first.text());
        assertThat(answer.path("answer").asText()).isEqualTo("Open \"Settings\", then Security.");
        assertThat(schemas.violations("faq-answer.output.json", answer)).isEmpty();
        assertThat(offline.complete(call).text()).isEqualTo(first.text());
        assertThat(first.model()).isEqualTo("offline-template");
        assertThat(first.outputTokens()).isPositive();
    }

    @Test
    void should_refuse_a_template_placeholder_without_a_variable() {
        assertThatThrownBy(() -> prompts.render("faq-responder.offline.json", Map.of("answer", "x")))
                .hasMessageContaining("{{citations}}");
    }
}
