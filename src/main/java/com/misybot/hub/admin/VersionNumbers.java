package com.misybot.hub.admin;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;

/** Version numbers in the admin API's paths (operator units and policies): not a number is a version not found. */
final class VersionNumbers {

    private VersionNumbers() {
    }

    static int parse(String text, String name) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No version '" + text + "' (" + name
                    + " is a version number).");
        }
    }
}
