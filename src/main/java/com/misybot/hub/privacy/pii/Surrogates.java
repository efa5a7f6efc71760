package com.misybot.hub.privacy.pii;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed surrogates that stand for PII in text the hub stores or sends: {@code ⟦PERSON_1⟧} (numbered per
 * session, reversible through the token vault), {@code ⟦PERSON_9f2c4a1b0e⟧} (a keyed hash, one-way) and
 * {@code ⟦PERSON⟧} (redacted). A surrogate is never PII itself, and a new one must not reuse a number already in
 * the text.
 */
public final class Surrogates {

    /** Group 1 the entity type, group 2 the number or hash (absent when redacted). */
    public static final Pattern PATTERN = Pattern.compile("⟦([A-Z][A-Z_]*?)(?:_([0-9a-f]+))?⟧");

    private Surrogates() {
    }

    public static String numbered(String type, int n) {
        return "⟦" + type + "_" + n + "⟧";
    }

    /** A one-way surrogate: {@code hex} from a keyed hash of the value. */
    public static String hashed(String type, String hex) {
        return "⟦" + type + "_" + hex + "⟧";
    }

    /** A redacted value: its type only. */
    public static String redacted(String type) {
        return "⟦" + type + "⟧";
    }

    /** Where surrogates stand in {@code text}, as entities of their type. */
    public static List<PiiEntity> find(String text) {
        List<PiiEntity> found = new ArrayList<>();
        if (text == null || text.indexOf('⟦') < 0) {
            return found;
        }
        Matcher m = PATTERN.matcher(text);
        while (m.find()) {
            found.add(new PiiEntity(m.group(1), m.start(), m.end(), 1.0));
        }
        return found;
    }

    /** The distinct surrogates in {@code text}. */
    public static List<String> in(String text) {
        return find(text).stream().map(e -> text.substring(e.start(), e.end())).distinct().toList();
    }

    /** The highest number used per type by numbered surrogates in {@code texts}. */
    public static Map<String, Integer> highestNumbers(Iterable<String> texts) {
        Map<String, Integer> highest = new HashMap<>();
        for (String text : texts) {
            if (text == null || text.indexOf('⟦') < 0) {
                continue;
            }
            Matcher m = PATTERN.matcher(text);
            while (m.find()) {
                String n = m.group(2);
                if (n != null && n.length() < 9 && n.chars().allMatch(Character::isDigit)) {
                    highest.merge(m.group(1), Integer.parseInt(n), Math::max);
                }
            }
        }
        return highest;
    }
}
