package com.misybot.hub.agents.trends;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The distinctive terms of each cluster, by class-based TF-IDF (c-TF-IDF, as BERTopic labels topics): a term's
 * frequency in the cluster times log(1 + average words per cluster / the term's frequency in all clusters), so a
 * word every cluster uses ("new", "says") ranks below one only this cluster uses. Words are Lucene's
 * StandardAnalyzer tokens without English stop words, numbers or words shorter than 3 letters.
 */
final class TrendTerms {

    private static final Set<String> GENERIC = Set.of("new", "says", "said", "how", "why", "what", "who", "you",
            "your", "its", "after", "over", "more", "first", "just", "now", "top", "best", "ways", "here", "our",
            "out", "can", "get", "gets", "will", "than", "from", "about", "into", "year", "years", "week", "day");
    private static final CharArraySet STOP = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);

    private TrendTerms() {
    }

    /** Top {@code count} terms of each cluster; {@code titles.get(c)} holds the titles of cluster c. */
    static List<List<String>> of(List<List<String>> titles, int count) {
        List<Map<String, Integer>> tf = new ArrayList<>();
        Map<String, Integer> total = new HashMap<>();
        long words = 0;
        try (Analyzer analyzer = new StandardAnalyzer(STOP)) {
            for (List<String> cluster : titles) {
                Map<String, Integer> freq = new HashMap<>();
                for (String title : cluster) {
                    for (String term : tokens(analyzer, title)) {
                        freq.merge(term, 1, Integer::sum);
                        total.merge(term, 1, Integer::sum);
                        words++;
                    }
                }
                tf.add(freq);
            }
        }
        double average = titles.isEmpty() ? 1 : Math.max(1, (double) words / titles.size());
        List<List<String>> terms = new ArrayList<>();
        for (Map<String, Integer> freq : tf) {
            int size = Math.max(1, freq.values().stream().mapToInt(Integer::intValue).sum());
            terms.add(freq.entrySet().stream()
                    .sorted((a, b) -> {
                        double sa = weight(a.getValue(), size, total.get(a.getKey()), average);
                        double sb = weight(b.getValue(), size, total.get(b.getKey()), average);
                        return sa == sb ? a.getKey().compareTo(b.getKey()) : Double.compare(sb, sa);
                    })
                    .limit(count).map(Map.Entry::getKey).toList());
        }
        return terms;
    }

    private static double weight(int inCluster, int clusterWords, int everywhere, double average) {
        return (double) inCluster / clusterWords * Math.log(1 + average / everywhere);
    }

    private static List<String> tokens(Analyzer analyzer, String text) {
        List<String> tokens = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("t", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                if (t.length() >= 3 && t.chars().anyMatch(Character::isLetter) && !GENERIC.contains(t)
                        && t.chars().noneMatch(Character::isDigit)) {
                    tokens.add(t);
                }
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}
