package com.misybot.hub.agents.frontdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.agents.SessionRequirement;
import com.misybot.hub.ai.EmbeddingService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A broken agents file stops the start with a message naming the file, the agent and the rule. */
class IntentRouterConfigTest {

    static final String ROUTER = """
            router:
              scoring: top-k-mean
              top-k: 2
              thresholds:
                test-model: {min-confidence: 0.5, min-margin: 0.01}
            """;

    static final String FAQ = """
              - id: faq-responder
                command: /faq
                label: answer a question
                description: Answers questions.
                examples: ["How do I log in?", "What does it cost?", "Where is my invoice?"]
            """;

    @Test
    void should_name_the_agent_and_the_known_agents_when_an_agent_id_is_unknown() {
        // given
        String yaml = ROUTER + "agents:\n" + FAQ + """
                  - id: video-scripter
                    command: /script
                    label: write a script
                    description: Writes scripts.
                    examples: [a, b, c]
                """;
        // when / then
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(AgentCatalogException.class)
                .hasMessage("agents.yaml: agent 'video-scripter' is unknown; known agents "
                        + "(hub.agents.routing.known-agents): faq-responder, video-scriptor");
    }

    @Test
    void should_name_the_agent_and_the_rule_when_an_enabled_agent_has_no_examples() {
        // given
        String yaml = ROUTER + "agents:\n" + FAQ + """
                  - id: video-scriptor
                    command: /script
                    label: write a script
                    description: Writes scripts.
                """;
        // when / then
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(AgentCatalogException.class)
                .hasMessage("agents.yaml: agent 'video-scriptor' has 0 example(s); it needs at least 3 natural user "
                        + "requests under 'examples'");
    }

    @Test
    void should_name_the_line_when_a_key_is_misspelled() {
        // given
        String yaml = ROUTER + "agents:\n" + FAQ.replace("examples:", "exampels:");
        // when / then
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(AgentCatalogException.class)
                .hasMessageStartingWith("agents.yaml is not a valid agents file at agents[0].exampels (near line ")
                .hasMessageContaining("Unrecognized field \"exampels\"");
    }

    @Test
    void should_refuse_a_command_used_by_two_agents() {
        // given
        String yaml = ROUTER + "agents:\n" + FAQ + FAQ.replace("faq-responder", "video-scriptor");
        // when / then
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(AgentCatalogException.class)
                .hasMessage("agents.yaml: agent 'video-scriptor': command /faq is already used by agent "
                        + "'faq-responder'");
    }

    @Test
    void should_refuse_to_start_when_the_active_model_has_no_thresholds() {
        // given
        AgentCatalog catalog = load(ROUTER + "agents:\n" + FAQ);
        // when / then
        assertThatThrownBy(() -> new IntentRouter(catalog, new FixedEmbeddings("other-model"), null, null))
                .isInstanceOf(AgentCatalogException.class)
                .hasMessageContaining("router.thresholds.other-model needs min-confidence and min-margin");
        // and an explicit override is enough
        assertThat(new IntentRouter(catalog, new FixedEmbeddings("other-model"), 0.4, 0.0).options().minConfidence())
                .isEqualTo(0.4);
    }

    @Test
    void should_load_the_shipped_agents_file_with_four_enabled_agents() throws Exception {
        // when
        AgentCatalog catalog;
        try (var in = getClass().getResourceAsStream("/config/agents.yaml")) {
            catalog = AgentCatalogLoader.load(in, "config/agents.yaml", IntentRouterTest.KNOWN_AGENTS);
        }
        // then
        assertThat(catalog.agents().stream().filter(AgentCatalog.Agent::isEnabled).map(AgentCatalog.Agent::id))
                .containsExactly("faq-responder", "creative-synthesizer", "video-scriptor", "trend-scanner",
                        "analytics-reporter", "campaign-orchestrator", "content-editor");
        assertThat(catalog.router().thresholds()).containsKeys("bge-small-en-v15-q", "all-minilm-l6-v2-q");
    }

    @Test
    void should_refuse_to_start_when_an_agent_needs_what_the_hub_does_not_know() {
        // given: the FAQ agent needing a requirement no bean provides
        AgentCatalog catalog = load(ROUTER + "agents:\n" + FAQ.replace("    examples:", "    needs: [a-crystal-ball]\n"
                + "    examples:"));
        IntentRouter router = new IntentRouter(catalog, new FixedEmbeddings("other-model"), 0.4, 0.0);
        SessionRequirement piece = new SessionRequirement() {
            @Override
            public String name() {
                return "content-piece";
            }

            @Override
            public boolean isMet(String sessionId, String ownerId) {
                return false;
            }
        };
        // when / then
        assertThatThrownBy(() -> new FrontDesk(null, router, 0.05, List.of(piece)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config/agents.yaml: agent faq-responder needs 'a-crystal-ball', which the hub does not "
                        + "know (known: [content-piece])");
    }

    private static AgentCatalog load(String yaml) {
        return AgentCatalogLoader.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                "agents.yaml", List.of("faq-responder", "video-scriptor"));
    }

    /** Every text gets the same unit vector: enough to build a router without a model. */
    record FixedEmbeddings(String model) implements EmbeddingService {

        @Override
        public int dimensions() {
            return 2;
        }

        @Override
        public double defaultMinScore() {
            return 0.5;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(t -> new float[] {1, 0}).toList();
        }
    }
}
