package com.misybot.hub.memory.vector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.util.CombinatoricsUtils;

/**
 * The labelled headlines of {@code src/test/resources/trends/} (12 topics; written for this project, see the README
 * there): {@code headlines-part*.tsv} is the development set, {@code heldout-part*.tsv} the held-out one. Also the
 * adjusted Rand index (Hubert and Arabie 1985) that scores a clustering against the labels.
 */
public record LabelledHeadlines(List<String> topics, List<String> texts) {

    public static LabelledHeadlines load(String set) throws IOException {
        List<String> topics = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int part = 1; part <= 3; part++) {
            try (InputStream in = LabelledHeadlines.class.getResourceAsStream("/trends/" + set + "-part" + part
                    + ".tsv")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        String[] fields = line.split("\t");
                        topics.add(fields[0]);
                        texts.add(fields[1]);
                    }
                }
            }
        }
        return new LabelledHeadlines(topics, texts);
    }

    public long topicCount() {
        return topics.stream().distinct().count();
    }

    /** Adjusted Rand index of {@code clusters} (one per text) against the topics: 1 = the same partition, ~0 = chance. */
    public double adjustedRandIndex(int[] clusters) {
        Map<String, Map<Integer, Integer>> table = new HashMap<>();
        Map<String, Integer> rows = new HashMap<>();
        Map<Integer, Integer> columns = new HashMap<>();
        for (int i = 0; i < clusters.length; i++) {
            table.computeIfAbsent(topics.get(i), t -> new HashMap<>()).merge(clusters[i], 1, Integer::sum);
            rows.merge(topics.get(i), 1, Integer::sum);
            columns.merge(clusters[i], 1, Integer::sum);
        }
        double index = 0;
        for (Map<Integer, Integer> row : table.values()) {
            for (int cell : row.values()) {
                index += pairs(cell);
            }
        }
        double a = rows.values().stream().mapToDouble(LabelledHeadlines::pairs).sum();
        double b = columns.values().stream().mapToDouble(LabelledHeadlines::pairs).sum();
        double expected = a * b / pairs(clusters.length);
        double max = (a + b) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    private static double pairs(int n) {
        return n < 2 ? 0 : CombinatoricsUtils.binomialCoefficientDouble(n, 2);
    }
}
