package com.misybot.hub.platform.web;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;

/** Version numbers in API paths (operator units, policies, content pieces): not a number is a version not found. */
public final class VersionNumbers {

    private VersionNumbers() {
    }

    public static int parse(String text, String name) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No version '" + text + "' (" + name
                    + " is a version number).");
        }
    }
}
