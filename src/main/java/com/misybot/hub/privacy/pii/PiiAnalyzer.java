package com.misybot.hub.privacy.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds PII in a text: pattern recognizers with validators, the trained name finder, context words, a score
 * threshold, and one answer per stretch of text (overlapping candidates: the higher score wins, then the longer).
 */
public class PiiAnalyzer {

    private final PatternRecognizers patterns;
    private final NameFinderRecognizer names;
    private final double threshold;

    public PiiAnalyzer(PatternRecognizers patterns, NameFinderRecognizer names, double threshold) {
        this.patterns = patterns;
        this.names = names;
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    public List<PiiEntity> analyze(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<PiiTokenizer.Token> tokens = PiiTokenizer.tokenize(text);
        List<PiiEntity> candidates = new ArrayList<>();
        for (PiiEntity e : patterns.analyze(text)) {
            candidates.add(new PiiEntity(e.type(), e.start(), e.end(), ContextWords.score(e, tokens)));
        }
        candidates.removeIf(e -> e.score() < threshold);
        candidates.sort(Comparator.comparingDouble(PiiEntity::score).reversed()
                .thenComparing(Comparator.comparingInt(PiiEntity::length).reversed()));
        List<PiiEntity> spans = names == null ? List.of() : names.analyze(tokens);
        spans = spans.stream().filter(n -> n.score() >= threshold).toList();
        List<PiiEntity> kept = new ArrayList<>();
        for (PiiEntity c : candidates) {
            // a validated pattern at least as likely as the model's span wins; a weaker one yields to the model
            boolean yields = spans.stream().anyMatch(n -> n.overlaps(c) && n.score() > c.score());
            if (!yields && kept.stream().noneMatch(c::overlaps)) {
                kept.add(c);
            }
        }
        List<PiiEntity> patternsKept = List.copyOf(kept);
        for (PiiEntity n : spans) {
            kept.addAll(outside(n, patternsKept, text));
        }
        kept.sort(Comparator.comparingInt(PiiEntity::start));
        List<PiiEntity> surrogates = Surrogates.find(text);
        if (surrogates.isEmpty()) {
            return kept;
        }
        // text pseudonymized before: a surrogate is not PII, and what a span holds beside it still is
        List<PiiEntity> outsideSurrogates = new ArrayList<>();
        for (PiiEntity e : kept) {
            outsideSurrogates.addAll(surrogates.stream().anyMatch(e::overlaps) ? outside(e, surrogates, text)
                    : List.of(e));
        }
        return outsideSurrogates;
    }

    /** The parts of {@code span} no pattern entity covers, trimmed to letters and digits. */
    private static List<PiiEntity> outside(PiiEntity span, List<PiiEntity> taken, String text) {
        List<PiiEntity> parts = new ArrayList<>();
        int from = span.start();
        List<PiiEntity> inside = taken.stream().filter(span::overlaps)
                .sorted(Comparator.comparingInt(PiiEntity::start)).toList();
        for (PiiEntity t : inside) {
            addTrimmed(parts, span, from, t.start(), text);
            from = Math.max(from, t.end());
        }
        addTrimmed(parts, span, from, span.end(), text);
        return parts;
    }

    private static void addTrimmed(List<PiiEntity> parts, PiiEntity span, int start, int end, String text) {
        while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
            end--;
        }
        if (end - start >= 2) {
            parts.add(new PiiEntity(span.type(), start, end, span.score()));
        }
    }
}
