package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.agents.frontdesk.AgentCatalog.Agent;
import com.misybot.hub.agents.frontdesk.AgentCatalog.Scoring;
import com.misybot.hub.agents.frontdesk.IntentDecision.Reason;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which agent a user message is for: an explicit command first, else semantic similarity between the message
 * and each agent's description and examples (embedded once, at construction); below the confidence threshold, too
 * close to the runner-up, or best matching an agent that does not run yet, it asks a clarifying question instead.
 * Camel-free; thread-safe after construction.
 */
public class IntentRouter {

    private static final Pattern LEADING_COMMAND = Pattern.compile("^\\s*(/[A-Za-z][A-Za-z0-9-]*)(?=\\s|$)\\s*(.*)$",
            Pattern.DOTALL);

    /** How scores are computed and when a decision is confident enough. */
    public record Options(Scoring scoring, int topK, double minConfidence, double minMargin) {
    }

    private record AgentVectors(Agent agent, float[][] vectors, float[] centroid) {
    }

    private record Score(Agent agent, double score) {
    }

    private final EmbeddingService embeddings;
    private final List<AgentVectors> agents;
    private final List<Agent> enabled;
    private final Map<String, Agent> byCommand;
    private final Options options;

    /**
     * Embeds every agent's description and examples. Thresholds come from the catalog for the embedding service's
     * model unless {@code minConfidence} / {@code minMargin} override them (null = from the catalog).
     */
    public IntentRouter(AgentCatalog catalog, EmbeddingService embeddings, Double minConfidence, Double minMargin) {
        this(embeddings, embed(catalog, embeddings), options(catalog, embeddings.model(), minConfidence, minMargin));
    }

    private IntentRouter(EmbeddingService embeddings, List<AgentVectors> agents, Options options) {
        this.embeddings = embeddings;
        this.agents = agents;
        this.options = options;
        this.enabled = agents.stream().map(AgentVectors::agent).filter(Agent::isEnabled).toList();
        this.byCommand = new LinkedHashMap<>();
        for (Agent agent : enabled) {
            agent.commands().forEach(c -> byCommand.put(c, agent));
        }
    }

    /** The same agents (no re-embedding) with other options: for measuring scoring methods and thresholds. */
    public IntentRouter withOptions(Options other) {
        return new IntentRouter(embeddings, agents, other);
    }

    public Options options() {
        return options;
    }

    /** The agents of the catalog, enabled or not. */
    public List<Agent> agents() {
        return agents.stream().map(AgentVectors::agent).toList();
    }

    /** Ids of the agents messages can be routed to. */
    public List<String> enabledAgents() {
        return enabled.stream().map(Agent::id).toList();
    }

    /** The decision for one message (never null; null or blank text is a {@link Reason#EMPTY} clarify). */
    public IntentDecision decide(String message) {
        String text = message == null ? "" : message.strip();
        if (text.isEmpty()) {
            return clarify(Reason.EMPTY, 0, text, null, null, 0, enabled,
                    "What can I do for you? " + offer(enabled) + commandHint(enabled));
        }
        Matcher command = LEADING_COMMAND.matcher(text);
        if (command.matches()) {
            Agent agent = byCommand.get(command.group(1).toLowerCase(Locale.ROOT));
            if (agent == null) {
                return clarify(Reason.UNKNOWN_COMMAND, 0, text, null, null, 0, enabled, "I don't know the command "
                        + command.group(1) + ". " + offer(enabled) + commandHint(enabled));
            }
            return new IntentDecision(agent.id(), 1.0, Reason.COMMAND, command.group(2).strip(), agent.id(), null, 0,
                    List.of(), null);
        }
        float[] vector = embeddings.embedEach(List.of(text)).get(0);
        if (vector == null) {
            // only invisible characters (U+200B, U+FEFF ...): nothing the model can read, as good as empty
            return clarify(Reason.EMPTY, 0, text, null, null, 0, enabled,
                    "What can I do for you? " + offer(enabled) + commandHint(enabled));
        }
        List<Score> ranking = rank(vector);
        Score best = ranking.get(0);
        Score second = ranking.size() > 1 ? ranking.get(1) : new Score(best.agent(), 0);
        String bestId = best.agent().id();
        String secondId = ranking.size() > 1 ? second.agent().id() : null;
        if (best.score() < options.minConfidence()) {
            return clarify(Reason.LOW_CONFIDENCE, best.score(), text, bestId, secondId, second.score(), enabled,
                    "I'm not sure what you need. " + offer(enabled) + commandHint(enabled));
        }
        if (!best.agent().isEnabled()) {
            return clarify(Reason.UNAVAILABLE, best.score(), text, bestId, secondId, second.score(), enabled,
                    "I can't " + best.agent().label() + " yet. " + offer(enabled) + commandHint(enabled));
        }
        if (best.score() - second.score() < options.minMargin()) {
            List<Agent> candidates = second.agent().isEnabled() ? List.of(best.agent(), second.agent())
                    : List.of(best.agent());
            String question = second.agent().isEnabled() ? offer(candidates)
                    : "Do you want me to " + best.agent().label() + "? (I can't " + second.agent().label()
                            + " yet.)";
            return clarify(Reason.SMALL_MARGIN, best.score(), text, bestId, secondId, second.score(), candidates,
                    question + commandHint(candidates));
        }
        return new IntentDecision(bestId, best.score(), Reason.SIMILARITY, text, bestId, secondId, second.score(),
                List.of(), null);
    }

    /** Every agent's score for {@code message}, best first (agent id → score); for diagnostics and calibration. */
    public Map<String, Double> scores(String message) {
        Map<String, Double> scores = new LinkedHashMap<>();
        rank(embeddings.embed(message)).forEach(s -> scores.put(s.agent().id(), s.score()));
        return scores;
    }

    private List<Score> rank(float[] query) {
        List<Score> scores = new ArrayList<>(agents.size());
        for (AgentVectors agent : agents) {
            scores.add(new Score(agent.agent(), score(query, agent)));
        }
        scores.sort(Comparator.comparingDouble(Score::score).reversed());
        return scores;
    }

    private double score(float[] query, AgentVectors agent) {
        if (options.scoring() == Scoring.CENTROID) {
            return Vectors.dot(query, agent.centroid());
        }
        double[] similarities = new double[agent.vectors().length];
        for (int i = 0; i < similarities.length; i++) {
            similarities[i] = Vectors.dot(query, agent.vectors()[i]);
        }
        Arrays.sort(similarities);
        int k = options.scoring() == Scoring.MAX ? 1 : Math.min(options.topK(), similarities.length);
        double sum = 0;
        for (int i = similarities.length - k; i < similarities.length; i++) {
            sum += similarities[i];
        }
        return sum / k;
    }

    private static IntentDecision clarify(Reason reason, double confidence, String text, String best, String runnerUp,
                                          double runnerUpConfidence, List<Agent> candidates, String question) {
        return new IntentDecision(IntentDecision.CLARIFY, confidence, reason, text, best, runnerUp,
                runnerUpConfidence, candidates.stream().map(Agent::id).toList(), question);
    }

    /** "Should I a, b or c?" in the agents' own labels. */
    private static String offer(List<Agent> candidates) {
        List<String> labels = candidates.stream().map(Agent::label).toList();
        String joined = labels.size() == 1 ? labels.get(0)
                : String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
        return "Should I " + joined + "?";
    }

    private static String commandHint(List<Agent> candidates) {
        List<String> commands = candidates.stream().map(Agent::command).toList();
        String joined = commands.size() == 1 ? commands.get(0)
                : String.join(", ", commands.subList(0, commands.size() - 1)) + " or "
                        + commands.get(commands.size() - 1);
        return " You can also start your message with " + joined + ".";
    }

    private static List<AgentVectors> embed(AgentCatalog catalog, EmbeddingService embeddings) {
        List<String> texts = new ArrayList<>();
        for (Agent agent : catalog.agents()) {
            texts.add(agent.description());
            agent.examples().stream().filter(e -> e != null && !e.isBlank()).forEach(texts::add);
        }
        List<float[]> vectors = embeddings.embedAll(texts);
        List<AgentVectors> result = new ArrayList<>();
        int next = 0;
        for (Agent agent : catalog.agents()) {
            int count = 1 + (int) agent.examples().stream().filter(e -> e != null && !e.isBlank()).count();
            float[][] own = vectors.subList(next, next + count).toArray(new float[0][]);
            next += count;
            float[] centroid = new float[own[0].length];
            for (float[] v : own) {
                for (int i = 0; i < v.length; i++) {
                    centroid[i] += v[i];
                }
            }
            result.add(new AgentVectors(agent, own, Vectors.normalize(centroid)));
        }
        return List.copyOf(result);
    }

    private static Options options(AgentCatalog catalog, String model, Double minConfidence, Double minMargin) {
        AgentCatalog.Router router = catalog.router();
        AgentCatalog.Thresholds thresholds = router.thresholds().get(model);
        if ((minConfidence == null || minMargin == null)
                && (thresholds == null || thresholds.minConfidence() == null || thresholds.minMargin() == null)) {
            throw new AgentCatalogException("agents file: router.thresholds." + model + " needs min-confidence and "
                    + "min-margin for the active embedding model (hub.embeddings.model), or set "
                    + "hub.agents.routing.min-confidence and min-margin");
        }
        return new Options(router.scoring(), router.topK() == null ? 1 : router.topK(),
                minConfidence != null ? minConfidence : thresholds.minConfidence(),
                minMargin != null ? minMargin : thresholds.minMargin());
    }
}
