package com.misybot.hub.agents.creative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.agents.AgentBehaviour;
import com.misybot.hub.agents.AgentReplies;
import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.GenerationSupport;
import com.misybot.hub.ai.LlmPort;
import com.misybot.hub.ai.LlmResponse;
import com.misybot.hub.memory.ContextSnapshots;
import com.misybot.hub.platform.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * creative-synthesizer: N variants (hook, caption, call to action) for a brief, from the context snapshot, stored as
 * {@code generated_artifact} rows with their embeddings. How many variants, the prompt, the model parameters and the
 * regeneration rule come from the agent's YAML (routes/agents/creative-synthesizer.camel.yaml, kamelet
 * creative-variants-action). Rate-limited per user by the LLM port. Offline, the variants come from fixed patterns
 * around the brief's topic (deterministic, labelled offline).
 */
@Component("creativeSynthesizer")
public class CreativeSynthesizer {

    public static final String AGENT = "creative-synthesizer";

    private static final String[] HOOKS = {"Stop scrolling: %s is here.", "Nobody tells you this about %s...",
        "3 seconds to fall for %s.", "POV: you just discovered %s.", "The %s upgrade you did not know you needed."};
    private static final String[] CAPTIONS = {"%s, made for the way you live.", "Meet %s: small change, big difference.",
        "We built %s for people who want more from every day.", "Your feed needed %s. You're welcome.",
        "%s, tested by real people, loved for real reasons."};
    private static final String[] CTAS = {"Tap the link in bio to try it.", "Save this post for later.",
        "Comment YES to get early access.", "Share it with someone who needs it.", "Follow for the launch drop."};

    private final LlmPort llm;
    private final GenerationSupport support;

    public CreativeSynthesizer(LlmPort llm, GenerationSupport support) {
        this.llm = llm;
        this.support = support;
    }

    /** {@code count} variants for the task's brief, written as {@code behaviour} says. */
    public Generated generate(ContextSnapshots.SnapshotView snapshot, AgentTask task, AgentBehaviour behaviour,
                              int count) throws JsonProcessingException {
        return generate(snapshot, task, behaviour, count, Map.of());
    }

    /**
     * As above, with a run's style parameters (an A/B variant's, e.g. {@code tone}) given to the prompt as
     * {@code {{variant}}}: empty without any, else a line per parameter after the brief.
     */
    public Generated generate(ContextSnapshots.SnapshotView snapshot, AgentTask task, AgentBehaviour behaviour,
                              int count, Map<String, ?> style) throws JsonProcessingException {
        if (count < 1) {
            throw new IllegalArgumentException("creative-synthesizer needs at least one variant, not " + count);
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("brief", task.text());
        variables.put("context", support.context(snapshot));
        variables.put("count", count);
        variables.put("variants", offlineVariants(task.text(), count));
        variables.put("variant", styleText(style));
        LlmResponse response;
        try {
            response = llm.complete(behaviour.request(AGENT, variables, task));
        } catch (ProblemException e) {
            if (behaviour.failsOnError()) {
                throw e;
            }
            return new Generated(AgentReplies.failed(task, AGENT, e), List.of());
        }
        List<JsonNode> pieces = new ArrayList<>();
        response.json().path("variants").forEach(pieces::add);
        StringBuilder text = new StringBuilder("Here are " + pieces.size() + " variants:");
        List<String> embedded = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            JsonNode v = pieces.get(i);
            text.append("\n").append(i + 1).append(". Hook: ").append(v.path("hook").asText())
                    .append("\n   Caption: ").append(v.path("caption").asText())
                    .append("\n   CTA: ").append(v.path("cta").asText());
            embedded.add(v.path("hook").asText() + " " + v.path("caption").asText() + " " + v.path("cta").asText());
        }
        return support.generated(AgentReply.of(task, AGENT, text.toString()), task, AGENT, "creative-variant",
                pieces, embedded);
    }

    /** The prompt's {@code {{variant}}}: nothing, or the style parameters in name order, one a line. */
    static String styleText(Map<String, ?> style) {
        if (style == null || style.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\n\nStyle of this run (A/B variant):");
        new java.util.TreeMap<String, Object>(style).forEach((name, value) -> text.append("\n- ").append(name)
                .append(": ").append(value));
        return text.toString();
    }

    /** Offline variants: the patterns above around the brief's topic, picked by a hash of the brief. */
    static List<Map<String, String>> offlineVariants(String brief, int count) {
        String topic = Topics.of(brief);
        int seed = Math.floorMod(brief.hashCode(), HOOKS.length);
        List<Map<String, String>> variants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int k = (seed + i) % HOOKS.length;
            variants.add(Map.of("hook", HOOKS[k].formatted(topic),
                    "caption", capitalize(CAPTIONS[(k + 1) % CAPTIONS.length].formatted(topic)),
                    "cta", CTAS[(k + 2) % CTAS.length]));
        }
        return variants;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
