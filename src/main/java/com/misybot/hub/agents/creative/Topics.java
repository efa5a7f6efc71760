package com.misybot.hub.agents.creative;

import java.util.Set;
import java.util.regex.Pattern;

/** The topic of a brief for the offline templates: the request with command words and filler removed. */
public final class Topics {

    private static final Pattern COMMAND = Pattern.compile("^/[a-z-]+\\s*");
    private static final Set<String> FILLER = Set.of("a", "an", "the", "some", "me", "please", "write", "give",
            "create", "make", "draft", "generate", "caption", "captions", "hook", "hooks", "cta", "ctas", "ideas",
            "idea", "for", "about", "on", "my", "our", "post", "posts", "variants", "of", "video", "script", "short",
            "can", "you", "i", "need", "want", "with", "and", "to", "new", "3", "three", "tiktok",
            "instagram", "reels", "youtube", "shorts", "second", "seconds", "minute", "minutes", "showing", "how",
            "that", "this", "it", "is", "are", "catchy");

    private Topics() {
    }

    public static String of(String brief) {
        String text = COMMAND.matcher(brief.trim().toLowerCase()).replaceFirst("").replaceAll("[^a-z0-9' -]", " ");
        StringBuilder topic = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (!word.isBlank() && !FILLER.contains(word) && !word.matches("\\d+s?")) {
                topic.append(topic.isEmpty() ? "" : " ").append(word);
            }
        }
        return topic.isEmpty() ? "this" : topic.toString();
    }
}
