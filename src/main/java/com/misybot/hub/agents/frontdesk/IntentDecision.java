package com.misybot.hub.agents.frontdesk;

import java.util.List;

/**
 * Where the front desk sends one message: an agent id, or {@value #CLARIFY} with a question for the user.
 *
 * @param intent             agent id, or {@value #CLARIFY}
 * @param confidence         1.0 for an explicit command, else the best agent's similarity score (0 for empty text)
 * @param reason             why this intent was chosen
 * @param text               the text the agent should work on (the message without its command)
 * @param best               the best-scoring agent, even when the decision is to ask (null for commands/empty text)
 * @param runnerUp           the second-best agent (null for commands and empty text)
 * @param runnerUpConfidence its score
 * @param candidates         agents the clarifying question names (enabled ones only); empty when routed
 * @param question           the clarifying question; null when routed
 */
public record IntentDecision(String intent, double confidence, Reason reason, String text, String best,
                             String runnerUp, double runnerUpConfidence, List<String> candidates, String question) {

    /** The intent of a message the front desk answers with a question instead of an agent. */
    public static final String CLARIFY = "clarify";

    /** Why a decision was taken. */
    public enum Reason {
        /** An explicit command named the agent. */
        COMMAND,
        /** The best agent scored above the threshold and ahead of the runner-up by the margin. */
        SIMILARITY,
        /** Unclear alone, but one of the two best matches is the agent the session was last talking to. */
        FOLLOW_UP,
        /** No agent scored above the confidence threshold. */
        LOW_CONFIDENCE,
        /** The two best agents scored too close to tell. */
        SMALL_MARGIN,
        /** The best match is a known agent that does not run yet ({@code enabled: false}). */
        UNAVAILABLE,
        /** The message starts with a command no agent has. */
        UNKNOWN_COMMAND,
        /** There is no text. */
        EMPTY
    }

    public boolean isClarify() {
        return CLARIFY.equals(intent);
    }
}
