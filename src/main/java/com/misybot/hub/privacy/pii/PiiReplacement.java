package com.misybot.hub.privacy.pii;

import java.util.List;

/** A text with its PII entities (as an analyzer found them: in order, not overlapping) replaced. */
public final class PiiReplacement {

    private PiiReplacement() {
    }

    /** {@code text} with each entity replaced by what {@code by} makes of it and the value it covers. */
    public static String replace(String text, List<PiiEntity> entities, Replacer by) {
        if (text == null || entities == null || entities.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (PiiEntity e : entities) {
            if (e.start() < at || e.end() > text.length()) {
                continue;
            }
            out.append(text, at, e.start()).append(by.replacement(e, text.substring(e.start(), e.end())));
            at = e.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** {@code ⟦TYPE⟧} for every entity. */
    public static String byType(String text, List<PiiEntity> entities) {
        return replace(text, entities, (e, value) -> Surrogates.redacted(e.type()));
    }

    /** What an entity becomes. */
    @FunctionalInterface
    public interface Replacer {
        String replacement(PiiEntity entity, String value);
    }
}
