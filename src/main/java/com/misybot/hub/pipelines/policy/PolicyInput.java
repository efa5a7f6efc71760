package com.misybot.hub.pipelines.policy;

import java.util.List;

/** What the policy gate judges: the text to publish, where it goes, and whether it is declared paid promotion. */
public record PolicyInput(String text, List<String> platforms, boolean paidPromotion) {

    public PolicyInput {
        text = text == null ? "" : text;
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }
}
