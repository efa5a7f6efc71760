package com.misybot.hub.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.GenerationSupport;
import com.misybot.hub.agents.creative.CreativeSynthesizer;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmRequest;
import com.misybot.hub.ai.LlmResponse;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour an operator declares in routes/agents/creative-synthesizer.camel.yaml (variant count, prompt template,
 * output schema, model parameters, repairs) is what reaches the LLM request: the agent's YAML route and the kamelets
 * of ./kamelets run in a Camel context whose LLM port records the request.
 */
class AgentBehaviourYamlTest {

    private static final Path CREATIVE = Path.of("routes/agents/creative-synthesizer.camel.yaml");
    private final ObjectMapper json = new ObjectMapper();
    private final List<LlmRequest> requests = new ArrayList<>();
    private boolean modelDown;

    @Test
    void should_send_the_yaml_behaviour_to_the_llm_when_the_agent_route_runs() throws Exception {
        // given the committed YAML of creative-synthesizer
        JsonNode declared = kameletParameters(Files.readString(CREATIVE));

        // when its generate route runs
        Generated generated = generate(CREATIVE);

        // then the LLM request carries every behaviour parameter it declares
        LlmRequest request = requests.get(0);
        assertThat(request.prompt()).isEqualTo(declared.path("prompt").asText());
        assertThat(request.outputSchema()).isEqualTo(declared.path("outputSchema").asText());
        assertThat(request.temperature()).isEqualTo(declared.path("temperature").asDouble());
        assertThat(request.maxTokens()).isEqualTo(declared.path("maxTokens").asInt());
        assertThat(request.repairs()).isEqualTo(declared.path("repairs").asInt());
        assertThat(request.variables()).containsEntry("count", declared.path("variants").asInt());
        assertThat(generated.artifacts()).hasSize(declared.path("variants").asInt());
    }

    @Test
    void should_follow_an_operator_edit_when_the_yaml_names_another_prompt_and_variant_count(@TempDir Path dir)
            throws Exception {
        // given an operator's edit of the YAML: 5 variants, another prompt template, a cooler model, no repairs
        String edited = Files.readString(CREATIVE).replace("variants: 3", "variants: 5")
                .replace("prompt: creative-synthesizer", "prompt: creative-synthesizer-bold")
                .replace("temperature: 0.7", "temperature: 0.2").replace("repairs: 1", "repairs: 0");
        assertThat(kameletParameters(edited).path("variants").asInt()).isEqualTo(5);
        Path file = Files.writeString(dir.resolve("creative-synthesizer.camel.yaml"), edited);

        // when the edited route runs
        Generated generated = generate(file);

        // then the request follows the edit
        LlmRequest request = requests.get(0);
        assertThat(request.prompt()).isEqualTo("creative-synthesizer-bold");
        assertThat(request.variables()).containsEntry("count", 5);
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.repairsOrDefault()).isZero();
        assertThat(generated.artifacts()).hasSize(5);
    }

    @Test
    void should_reply_with_the_failure_or_fail_the_message_as_the_yaml_fallback_says(@TempDir Path dir)
            throws Exception {
        // given a model that does not answer
        modelDown = true;

        // when the committed YAML (fallback: reply) runs, the agent replies that it failed and stores nothing
        Generated replied = generate(CREATIVE);
        assertThat(replied.artifacts()).isEmpty();
        assertThat(replied.reply().failure()).isEqualTo(ProblemType.UNAVAILABLE);

        // and with an operator's fallback: fail, the message itself fails (the bus retries it, then dead-letters it)
        Path file = Files.writeString(dir.resolve("creative-synthesizer.camel.yaml"),
                Files.readString(CREATIVE).replace("fallback: reply", "fallback: fail"));
        assertThat(run(file).getException()).isInstanceOf(ProblemException.class);
    }

    @Test
    void should_send_the_kamelet_parameters_to_the_llm_when_a_route_uses_llm_complete_action() throws Exception {
        // given a route of an operator's new agent that asks the model through kamelet llm-complete-action
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
            camel.getRegistry().bind("llmComplete", new LlmCompletion(recordingLlm()));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:ask").to("kamelet:llm-complete-action?agent=trend-scanner&prompt=trend-scanner"
                            + "&outputSchema=creative-variants.output.json&temperature=0.3&maxTokens=300&repairs=2");
                }
            });
            camel.start();

            // when it runs with the prompt's variables
            LlmResponse response = camel.createProducerTemplate().requestBody("direct:ask",
                    Map.of("count", 2), LlmResponse.class);

            // then the request carries the kamelet's parameters and the answer comes back
            LlmRequest request = requests.get(0);
            assertThat(request.agent()).isEqualTo("trend-scanner");
            assertThat(request.prompt()).isEqualTo("trend-scanner");
            assertThat(request.outputSchema()).isEqualTo("creative-variants.output.json");
            assertThat(request.temperature()).isEqualTo(0.3);
            assertThat(request.maxTokens()).isEqualTo(300);
            assertThat(request.repairs()).isEqualTo(2);
            assertThat(request.variables()).containsEntry("count", 2);
            assertThat(response.json().path("variants")).hasSize(2);
        }
    }

    /** Runs direct:creative-synthesizer-generate of {@code routes} once, for one task, and returns its work. */
    private Generated generate(Path routes) throws Exception {
        Exchange done = run(routes);
        assertThat(done.getException()).isNull();
        return done.getMessage().getBody(Generated.class);
    }

    /** The exchange of one call of direct:creative-synthesizer-generate of {@code routes}. */
    private Exchange run(Path routes) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
            camel.getRegistry().bind("agentTask", new AgentTasks());
            camel.getRegistry().bind("creativeVariants", new CreativeVariantsWriter(new CreativeSynthesizer(
                    recordingLlm(), new GenerationSupport(json, new FixedEmbeddings()))));
            // stand-ins of the platform's agent bus (its kamelet agent-bus-source and route configuration agent-bus)
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    routeTemplate("agent-bus-source").templateParameter("agent")
                            .from("direct:bus-{{agent}}").to("kamelet:sink");
                }
            });
            camel.addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    routeConfiguration("agent-bus");
                }
            });
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                    "file:" + routes.toAbsolutePath()));
            camel.start();
            AgentTask task = new AgentTask("s-1", "u-1", "t-1", "Captions for our cold brew", "snap-1", "c-1", 1.0);
            SnapshotView snapshot = new SnapshotView("snap-1", "s-1", "u-1", 1, null, null, null);
            return camel.createProducerTemplate().send("direct:creative-synthesizer-generate", e -> {
                e.getMessage().setBody(snapshot);
                e.setVariable("task", task);
            });
        }
    }

    /** The kamelet parameters of the first step that uses kamelet creative-variants-action in a routes file. */
    private static JsonNode kameletParameters(String yaml) throws Exception {
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        for (JsonNode route : routes) {
            for (JsonNode step : route.path("route").path("from").path("steps")) {
                if (step.path("to").path("uri").asText().equals("kamelet:creative-variants-action")) {
                    return step.path("to").path("parameters");
                }
            }
        }
        throw new AssertionError("no kamelet:creative-variants-action step");
    }

    /** An LLM port that records each request and answers as many variants as the request asks for. */
    private LlmPort recordingLlm() {
        return new LlmPort(null, null, null, null, null, null, null, json) {
            @Override
            public LlmResponse complete(LlmRequest request) {
                requests.add(request);
                if (modelDown) {
                    throw new ProblemException(ProblemType.UNAVAILABLE, "The AI provider is not answering.");
                }
                ObjectNode answer = json.createObjectNode();
                ArrayNode variants = answer.putArray("variants");
                for (int i = 0; i < (Integer) request.variables().get("count"); i++) {
                    variants.addObject().put("hook", "h" + i).put("caption", "c" + i).put("cta", "a" + i);
                }
                return new LlmResponse(answer.toString(), answer, "recording", "none", 1, 1, 0, 0, 1, false);
            }
        };
    }

    /** Embeddings without a model: every text is the same unit vector. */
    private static final class FixedEmbeddings implements EmbeddingService {

        @Override
        public String model() {
            return "fixed";
        }

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
            return texts.stream().map(t -> new float[] {1f, 0f}).toList();
        }
    }
}
