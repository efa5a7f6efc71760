package com.misybot.hub.agents.frontdesk;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parsed {@code config/agents.yaml}: the agents the front desk routes to and the router's settings. */
public record AgentCatalog(Router router, List<Agent> agents) {

    /**
     * One agent: what it does in the user's words, how to call it explicitly, whether it runs yet, and what a session
     * must have for a message to go to it by similarity while the session talks to another agent ({@code needs}).
     */
    public record Agent(String id, Boolean enabled, String command, List<String> aliases, String label,
                        String description, List<String> examples, List<String> needs) {

        /** The session requirements of {@code needs} (none when absent). */
        public List<String> requirements() {
            return needs == null ? List.of() : needs;
        }

        /** Agents are enabled unless the file says {@code enabled: false}. */
        public boolean isEnabled() {
            return enabled == null || enabled;
        }

        /** The command and its aliases, lower case. */
        public List<String> commands() {
            List<String> all = new ArrayList<>();
            if (command != null) {
                all.add(command.toLowerCase(Locale.ROOT));
            }
            if (aliases != null) {
                aliases.forEach(a -> all.add(a.toLowerCase(Locale.ROOT)));
            }
            return all;
        }
    }

    /** How agent scores are computed and the thresholds, per embedding model, for routing without asking. */
    public record Router(Scoring scoring, @JsonProperty("top-k") Integer topK, Map<String, Thresholds> thresholds) {
    }

    /** Lowest score of the best agent, and lowest lead over the runner-up, that route without asking. */
    public record Thresholds(@JsonProperty("min-confidence") Double minConfidence,
                             @JsonProperty("min-margin") Double minMargin) {
    }

    /** How one agent's score is made from the similarities between a message and the agent's texts. */
    public enum Scoring {
        /** Best single similarity. */
        @JsonProperty("max") MAX,
        /** Mean of the k best similarities (robust to one lucky example). */
        @JsonProperty("top-k-mean") TOP_K_MEAN,
        /** Similarity to the mean of the agent's vectors. */
        @JsonProperty("centroid") CENTROID
    }
}
