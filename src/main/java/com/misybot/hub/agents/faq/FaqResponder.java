package com.misybot.hub.agents.faq;

import com.misybot.hub.agents.AgentBehaviour;
import com.misybot.hub.agents.AgentReplies;
import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmResponse;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.memory.vector.VectorHit;
import com.misybot.hub.memory.vector.VectorIndex;
import com.misybot.hub.memory.vector.Relevance;
import com.misybot.hub.memory.vector.VectorQuery;
import com.misybot.hub.platform.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * faq-responder: retrieval-augmented answers from a knowledge collection. The closest documents above the
 * threshold go to the model with their ids; the answer cites the ids it used. When nothing scores above the
 * threshold it says it does not know, without asking the model (nothing to ground an answer in). Collection,
 * document count, threshold, prompt, model parameters and regeneration rule come from the agent's YAML
 * (routes/agents/faq-responder.camel.yaml, kamelet faq-answer-action).
 */
@Component("faqResponder")
public class FaqResponder {

    public static final String AGENT = "faq-responder";
    static final String DONT_KNOW = "I don't know: nothing in the knowledge base answers that. "
            + "Try rephrasing, or ask a human agent.";

    private final EmbeddingService embeddings;
    private final VectorIndex index;
    private final LlmPort llm;
    private final Relevance relevance;

    public FaqResponder(EmbeddingService embeddings, VectorIndex index, LlmPort llm, Relevance relevance) {
        this.relevance = relevance;
        this.embeddings = embeddings;
        this.index = index;
        this.llm = llm;
    }

    /**
     * The answer to the envelope's question from the {@code documents} most relevant documents of
     * {@code collection}: those whose calibrated confidence reaches hub.vector.min-confidence, or, when the agent's
     * YAML sets a number as {@code minScore}, those whose cosine reaches it.
     */
    public AgentReply answer(Envelope envelope, AgentBehaviour behaviour, String collection, int documents,
                             Double minScore) {
        AgentTask task = AgentTask.of(envelope);
        VectorQuery query = new VectorQuery(embeddings.embed(task.text()), relevance.candidates(collection, documents),
                Set.of(VectorDocument.KNOWLEDGE), collection, null, null, null, null,
                minScore != null ? minScore : -1, false);
        List<VectorHit> hits = relevance.rank(query, index.search(query), true).stream()
                .filter(r -> minScore != null || r.confidence() >= relevance.defaultMinConfidence())
                .limit(documents)
                .map(Relevance.Ranked::hit)
                .toList();
        if (hits.isEmpty()) {
            return AgentReply.of(task, AGENT, DONT_KNOW);
        }
        try {
            LlmResponse response = llm.complete(behaviour.request(AGENT, variables(task, hits), task));
            return AgentReply.of(task, AGENT, text(response, hits));
        } catch (ProblemException e) {
            if (behaviour.failsOnError()) {
                throw e;
            }
            return AgentReplies.failed(task, AGENT, e);
        }
    }

    private static Map<String, Object> variables(AgentTask task, List<VectorHit> hits) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("question", task.text());
        v.put("documents", hits.stream().map(h -> "[" + h.document().refId() + "] " + h.document().text())
                .collect(Collectors.joining("\n")));
        // offline: the best document is the answer, every retrieved document a citation
        v.put("answer", hits.get(0).document().text());
        v.put("citations", hits.stream().map(h -> h.document().refId()).toList());
        v.put("confident", true);
        return v;
    }

    /** The answer with its sources; a model that found no answer in the documents says it does not know. */
    private static String text(LlmResponse response, List<VectorHit> hits) {
        if (!response.json().path("confident").asBoolean(false)) {
            return DONT_KNOW;
        }
        List<String> known = hits.stream().map(h -> h.document().refId()).toList();
        List<String> cited = java.util.stream.StreamSupport.stream(response.json().path("citations").spliterator(),
                false).map(c -> c.asText()).filter(known::contains).toList();
        return response.json().path("answer").asText() + (cited.isEmpty() ? "" : "\n\nSources: "
                + String.join(", ", cited));
    }
}
