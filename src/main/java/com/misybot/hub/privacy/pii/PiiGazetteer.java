package com.misybot.hub.privacy.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Word lists the name finder uses as features (not as the answer): given and family names, street words and place
 * names of many locales, extracted at build time from Datafaker's locale files ({@link PiiModelBuilder}) into
 * {@code pii/gazetteer.tsv} ({@code class<TAB>word}, lower case).
 */
public final class PiiGazetteer {

    public static final String RESOURCE = "/pii/gazetteer.tsv";
    private static volatile Map<String, List<String>> words;

    private PiiGazetteer() {
    }

    /** The classes of a token (for example {@code first}, {@code last}); empty when it is in no list. */
    public static List<String> classes(String token) {
        return loaded().getOrDefault(token.toLowerCase(Locale.ROOT), List.of());
    }

    static void install(Map<String, Set<String>> byClass) {
        Map<String, List<String>> index = new HashMap<>();
        byClass.forEach((cls, set) -> set.forEach(w -> index.computeIfAbsent(w, k -> new java.util.ArrayList<>())
                .add(cls)));
        index.replaceAll((w, l) -> List.copyOf(l));
        words = index;
    }

    private static Map<String, List<String>> loaded() {
        Map<String, List<String>> current = words;
        if (current == null) {
            synchronized (PiiGazetteer.class) {
                if (words == null) {
                    install(read());
                }
                current = words;
            }
        }
        return current;
    }

    private static Map<String, Set<String>> read() {
        Map<String, Set<String>> byClass = new HashMap<>();
        try (InputStream in = PiiGazetteer.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE + ": it is written by the build (./mvnw package)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    byClass.computeIfAbsent(line.substring(0, tab), k -> new HashSet<>()).add(line.substring(tab + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byClass;
    }
}
