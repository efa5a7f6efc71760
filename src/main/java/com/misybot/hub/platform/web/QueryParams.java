package com.misybot.hub.platform.web;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;

/** Query parameters the API reads as numbers or flags: absent is the default, anything else unreadable is a 400. */
public final class QueryParams {

    private QueryParams() {
    }

    /** {@code text} as an integer from {@code min} to {@code max}; {@code fallback} when absent or blank. */
    public static int integer(String text, String name, int min, int max, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ProblemException(ProblemType.BAD_REQUEST, name + " must be an integer from " + min + " to " + max
                + ", not '" + text + "'.");
    }

    /** {@code text} as a flag: true or false (any case); false when absent or blank. */
    public static boolean flag(String text, String name) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (text.strip().equalsIgnoreCase("true")) {
            return true;
        }
        throw new ProblemException(ProblemType.BAD_REQUEST, name + " must be true or false, not '" + text + "'.");
    }
}
