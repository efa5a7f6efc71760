package com.misybot.hub.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.GenerationSupport;
import com.misybot.hub.agents.creative.CreativeSynthesizer;
import com.misybot.hub.agents.faq.FaqResponder;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmRequest;
import com.misybot.hub.ai.LlmResponse;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.memory.vector.VectorHit;
import com.misybot.hub.memory.vector.VectorIndex;
import com.misybot.hub.memory.vector.VectorQuery;
import com.misybot.hub.memory.vector.LabelClassifier;
import com.misybot.hub.memory.vector.LabelledCollections;
import com.misybot.hub.memory.vector.Relevance;
import com.misybot.hub.memory.vector.RelevanceCalibration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.misybot.hub.pipelines.experiments.PipelineVariant;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour an operator declares in routes/agents/*.camel.yaml (variant count, prompt template, output schema,
 * model parameters, repairs, fallback; faq-responder's collection, documents and threshold) is what reaches the LLM
 * request and the retrieval: the agent's YAML route and the kamelets of ./kamelets run in a Camel context whose LLM
 * port and vector index record what they are asked.
 */
class AgentBehaviourYamlTest {

    private static final Path CREATIVE = Path.of("routes/agents/creative-synthesizer.camel.yaml");
    private static final Path FAQ = Path.of("routes/agents/faq-responder.camel.yaml");
    private final ObjectMapper json = new ObjectMapper();
    private final List<LlmRequest> requests = new ArrayList<>();
    private final List<VectorQuery> searches = new ArrayList<>();
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
    void should_send_the_ab_variant_parameters_to_the_llm_when_a_pipeline_run_has_a_variant() throws Exception {
        // given a viralization run whose A/B variant asks for a bold tone, 2 variants and its own prompt
        PipelineVariant bold = new PipelineVariant("e-1", "bold", "experiment", Map.of("tone", "bold",
                "variants", 2, "prompt", "creative-synthesizer-bold"), null);

        // when the committed YAML of creative-synthesizer runs for that run
        Exchange done = run(CREATIVE, bold);

        // then the variant's parameters reach the LLM request: tone as the prompt's style, count and prompt as
        // behaviour; the rest stays as the YAML declares it
        assertThat(done.getException()).isNull();
        LlmRequest request = requests.get(0);
        assertThat(request.variables().get("variant")).asString().contains("tone: bold");
        assertThat(request.variables()).containsEntry("count", 2);
        assertThat(request.prompt()).isEqualTo("creative-synthesizer-bold");
        assertThat(request.temperature()).isEqualTo(kameletParameters(Files.readString(CREATIVE))
                .path("temperature").asDouble());
        assertThat(done.getMessage().getBody(Generated.class).artifacts()).hasSize(2);
    }

    @Test
    void should_give_the_prompt_no_style_when_the_run_has_no_variant() throws Exception {
        // given a run outside any experiment (source none: no parameters)
        // when
        Exchange done = run(CREATIVE, PipelineVariant.none());

        // then the prompt's style is empty and the YAML's behaviour stands
        assertThat(done.getException()).isNull();
        assertThat(requests.get(0).variables()).containsEntry("variant", "");
        assertThat(requests.get(0).prompt()).isEqualTo("creative-synthesizer");
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
    void should_search_the_yaml_collection_and_ask_the_yaml_prompt_when_faq_responder_answers(@TempDir Path dir)
            throws Exception {
        // given an operator's edit of faq-responder: another collection, 5 documents, a threshold of its own
        String edited = Files.readString(FAQ).replace("collection: faq", "collection: support-faq")
                .replace("documents: 3", "documents: 5").replace("minScore: model-default", "minScore: 0.61")
                .replace("prompt: faq-responder", "prompt: faq-responder-formal");
        assertThat(edited).contains("support-faq", "documents: 5", "0.61", "faq-responder-formal");
        Path file = Files.writeString(dir.resolve("faq-responder.camel.yaml"), edited);

        try (CamelContext camel = context()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                    "file:" + file.toAbsolutePath()));
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:agent-reply").routeId("test-agent-reply").to("mock:replies");
                }
            });
            camel.start();

            // when a question reaches the agent's queue
            camel.createProducerTemplate().sendBody("direct:bus-faq-responder", Envelope.create("agent.task",
                    "faq-responder", "s-1", "c-1", null, 4, Map.of("ownerId", "u-1", "turnId", "t-1",
                            "text", "How long do refunds take?", "snapshotRef", "snap-1")));

            // then the retrieval and the model call follow the YAML, and the cited answer is the reply
            assertThat(searches).singleElement().satisfies(q -> {
                assertThat(q.collection()).isEqualTo("support-faq");
                assertThat(q.topK()).isEqualTo(5);
                assertThat(q.minScore()).isEqualTo(0.61);
            });
            assertThat(requests).singleElement().satisfies(r -> {
                assertThat(r.prompt()).isEqualTo("faq-responder-formal");
                assertThat(r.outputSchema()).isEqualTo("faq-answer.output.json");
            });
            AgentReply reply = camel.getEndpoint("mock:replies", MockEndpoint.class)
                    .getReceivedExchanges().get(0).getMessage().getBody(AgentReply.class);
            assertThat(reply.agent()).isEqualTo("faq-responder");
            assertThat(reply.text()).contains("Refunds within 30 days").contains("Sources: faq-refund");
        }
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
        return run(routes, null);
    }

    /** As above, in a pipeline run with A/B variant {@code variant} (null: called from the bus). */
    private Exchange run(Path routes, PipelineVariant variant) throws Exception {
        try (CamelContext camel = context()) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel,
                    "file:" + routes.toAbsolutePath()));
            camel.start();
            AgentTask task = new AgentTask("s-1", "u-1", "t-1", "Captions for our cold brew", "snap-1", "c-1", 1.0);
            SnapshotView snapshot = new SnapshotView("snap-1", "s-1", "u-1", 1, null, null, null);
            return camel.createProducerTemplate().send("direct:creative-synthesizer-generate", e -> {
                e.getMessage().setBody(snapshot);
                e.setVariable("task", task);
                if (variant != null) {
                    e.setVariable(PipelineVariant.VARIABLE, variant);
                }
            });
        }
    }

    /**
     * A Camel context with the kamelets of ./kamelets, the agents' processors over a recording LLM port and index,
     * and stand-ins of the platform's agent bus (kamelet agent-bus-source, route configuration agent-bus).
     */
    private CamelContext context() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
        camel.getRegistry().bind("agentTask", new AgentTasks());
        camel.getRegistry().bind("creativeVariants", new CreativeVariantsWriter(new CreativeSynthesizer(
                recordingLlm(), new GenerationSupport(json))));
        VectorIndex index = recordingIndex();
        Relevance relevance = new Relevance(index, new LabelledCollections(index, LabelClassifier.Options.DEFAULT,
                new SimpleMeterRegistry()), new RelevanceCalibration(new RelevanceCalibration.Coefficients(1, 0, 0, 0, 1,
                0), new float[][] {{0f, 1f}, {0.6f, 0.8f}}), 0.5);
        camel.getRegistry().bind("faqAnswer", new FaqAnswerer(new FaqResponder(new FixedEmbeddings(), index,
                recordingLlm(), relevance)));
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
        return camel;
    }

    /** An index that records each search and finds one refund document. */
    private VectorIndex recordingIndex() {
        return new VectorIndex() {
            @Override
            public void upsert(Collection<VectorDocument> documents) {
                throw new UnsupportedOperationException("the agents only search");
            }

            @Override
            public void delete(Collection<String> sourceIds) {
                throw new UnsupportedOperationException("the agents only search");
            }

            @Override
            public List<VectorHit> search(VectorQuery query) {
                searches.add(query);
                return List.of(new VectorHit(new VectorDocument("knowledge:faq-refund", "faq-refund",
                        VectorDocument.KNOWLEDGE, query.collection(), null, null, null, "Refunds within 30 days",
                        new float[] {1f, 0f}, "fixed", Map.of(), Instant.now(), null), 0.9));
            }

            @Override
            public int size() {
                return 1;
            }
        };
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
                if (request.variables().containsKey("question")) {
                    // faq-responder: the offline answer the responder prepared, citing what it retrieved
                    answer.put("answer", (String) request.variables().get("answer")).put("confident", true)
                            .set("citations", json.valueToTree(request.variables().get("citations")));
                    return new LlmResponse(answer.toString(), answer, "recording", "none", 1, 1, 0, 0, 1, false);
                }
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
