package com.misybot.hub.privacy.pii;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Scores a detector on labelled texts as issue 14 defines it: a labelled span is found when predicted spans of its
 * type cover at least half of its characters; a predicted span is correct when at least half of its characters lie
 * in labelled spans of its type; character recall counts the labelled characters (of the scored types) covered by
 * any predicted span. Only the types given are scored.
 */
public final class PiiEvaluation {

    /** Counts for one entity type. */
    public static final class Counts {
        int labelled;
        int found;
        int predicted;
        int correct;

        public double recall() {
            return labelled == 0 ? Double.NaN : (double) found / labelled;
        }

        public double precision() {
            return predicted == 0 ? Double.NaN : (double) correct / predicted;
        }

        public double f2() {
            double p = precision();
            double r = recall();
            return p + r == 0 || Double.isNaN(p) || Double.isNaN(r) ? Double.NaN : 5 * p * r / (4 * p + r);
        }

        public int labelled() {
            return labelled;
        }

        public int predicted() {
            return predicted;
        }
    }

    /** Per-type counts, the overall precision and the character recall. */
    public record Result(Map<String, Counts> byType, double precision, double spanRecall, double charRecall,
                         int texts, List<String> misses) {

        public String report() {
            StringBuilder out = new StringBuilder(String.format("%-15s %8s %8s %9s %6s %6s %6s%n", "type", "labelled",
                    "predicted", "precision", "recall", "F2", ""));
            byType.forEach((type, c) -> out.append(String.format("%-15s %8d %8d %9.3f %6.3f %6.3f%n", type,
                    c.labelled, c.predicted, c.precision(), c.recall(), c.f2())));
            out.append(String.format("overall: precision %.3f, span recall %.3f, character recall %.3f (%d texts)%n",
                    precision, spanRecall, charRecall, texts));
            return out.toString();
        }
    }

    private PiiEvaluation() {
    }

    public static Result evaluate(List<LabelledText> texts, Function<String, List<PiiEntity>> detector,
                                  Set<String> types) {
        Map<String, Counts> byType = new TreeMap<>();
        types.forEach(t -> byType.put(t, new Counts()));
        long labelledChars = 0;
        long coveredChars = 0;
        List<String> misses = new ArrayList<>();
        for (LabelledText text : texts) {
            List<PiiEntity> predicted = detector.apply(text.text());
            int n = text.text().length();
            boolean[] anyPredicted = new boolean[n];
            Map<String, boolean[]> predictedByType = new LinkedHashMap<>();
            Map<String, boolean[]> labelledByType = new LinkedHashMap<>();
            for (PiiEntity p : predicted) {
                boolean[] mask = predictedByType.computeIfAbsent(p.type(), t -> new boolean[n]);
                for (int i = p.start(); i < Math.min(n, p.end()); i++) {
                    mask[i] = true;
                    anyPredicted[i] = true;
                }
            }
            boolean[] labelledAny = new boolean[n];
            for (LabelledText.Span s : text.spans()) {
                if (!types.contains(s.type())) {
                    continue;
                }
                boolean[] mask = labelledByType.computeIfAbsent(s.type(), t -> new boolean[n]);
                for (int i = s.start(); i < Math.min(n, s.end()); i++) {
                    mask[i] = true;
                    labelledAny[i] = true;
                }
            }
            for (int i = 0; i < n; i++) {
                if (labelledAny[i]) {
                    labelledChars++;
                    coveredChars += anyPredicted[i] ? 1 : 0;
                }
            }
            for (LabelledText.Span s : text.spans()) {
                if (!types.contains(s.type())) {
                    continue;
                }
                Counts c = byType.get(s.type());
                c.labelled++;
                boolean[] mask = predictedByType.get(s.type());
                int covered = 0;
                for (int i = s.start(); i < s.end() && mask != null; i++) {
                    covered += mask[i] ? 1 : 0;
                }
                if (2 * covered >= s.end() - s.start()) {
                    c.found++;
                } else {
                    misses.add("MISSED " + s.type() + " '" + text.text().substring(s.start(), s.end()) + "' in: "
                            + text.text().replace('\n', '|'));
                }
            }
            for (PiiEntity p : predicted) {
                Counts c = byType.computeIfAbsent(p.type(), t -> new Counts());
                c.predicted++;
                boolean[] mask = labelledByType.get(p.type());
                int inside = 0;
                for (int i = p.start(); i < Math.min(n, p.end()) && mask != null; i++) {
                    inside += mask[i] ? 1 : 0;
                }
                if (2 * inside >= p.end() - p.start()) {
                    c.correct++;
                } else {
                    misses.add("WRONG " + p.type() + " '" + text.text().substring(p.start(), Math.min(n, p.end()))
                            + "' in: " + text.text().replace('\n', '|'));
                }
            }
        }
        int predicted = byType.values().stream().mapToInt(c -> c.predicted).sum();
        int correct = byType.values().stream().mapToInt(c -> c.correct).sum();
        int labelled = byType.values().stream().mapToInt(c -> c.labelled).sum();
        int found = byType.values().stream().mapToInt(c -> c.found).sum();
        return new Result(byType, predicted == 0 ? Double.NaN : (double) correct / predicted,
                labelled == 0 ? Double.NaN : (double) found / labelled,
                labelledChars == 0 ? Double.NaN : (double) coveredChars / labelledChars, texts.size(), misses);
    }
}
