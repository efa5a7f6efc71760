package com.misybot.hub.platform;

import java.util.List;
import java.util.Map;

/**
 * Keeps personal data out of text that leaves the hub (an LLM provider, later publish targets and webhooks): the
 * texts come back with each value replaced by a typed surrogate ({@code ⟦PERSON_1⟧}, the same value the same
 * surrogate in all of them), and {@link Guarded#restore} puts the values back into what the destination answers.
 * Implemented by the privacy layer; a destination whose policy blocks personal data gets a 422 problem.
 */
public interface PersonalDataGuard {

    /** No guarding (tests that build the LLM port by hand, or a hub configured without it). */
    PersonalDataGuard OFF = (destination, texts) -> new Guarded(texts, Map.of());

    Guarded guard(String destination, List<String> texts);

    /** The guarded texts and, for pseudonymization, surrogate → original value. */
    record Guarded(List<String> texts, Map<String, String> surrogates) {

        /** {@code answer} with the surrogates replaced by their values (JSON-escaped inside a JSON answer). */
        public String restore(String answer, boolean json) {
            if (answer == null || surrogates.isEmpty()) {
                return answer;
            }
            String out = answer;
            for (Map.Entry<String, String> s : surrogates.entrySet()) {
                if (out.contains(s.getKey())) {
                    String value = json ? new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                            .quoteAsString(s.getValue())) : s.getValue();
                    out = out.replace(s.getKey(), value);
                }
            }
            return out;
        }
    }
}
