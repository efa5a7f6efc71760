package com.misybot.hub.pipelines.policy;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.Vectors;
import com.misybot.hub.memory.vector.LabelClassifier;
import com.misybot.hub.memory.vector.RelevanceCalibration;
import com.misybot.hub.platform.Sentences;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy rules checked by meaning: each rule's {@code examples} (and {@code counter-examples}) are embedded once;
 * a text is split into sentences (a bad sentence in a long caption must not be diluted by the rest). Each rule has a
 * linear classifier ({@link LabelClassifier}) trained at start on its examples against what it does not mean: its
 * counter-examples, the other rules' examples and counter-examples, and the background of generic requests of the
 * relevance calibration. A sentence whose probability of meaning the rule reaches {@code blockConfidence} (and whose
 * nearest statement of the rule is an example, not a counter-example) gets the rule's verdict; one that reaches only
 * {@code reviewConfidence} is borderline (REVIEW): a false alarm by meaning costs a person's look, not a lost post.
 */
public final class SemanticPolicy {

    /** Builds the semantic checks of a set of compiled rules (the embedding model and calibration are the hub's). */
    public interface Factory {
        SemanticPolicy create(List<PolicyFiles.CompiledRule> rules);

        static Factory of(EmbeddingService embeddings, RelevanceCalibration calibration, double blockConfidence,
                          double reviewConfidence) {
            if (reviewConfidence < 0 || reviewConfidence > blockConfidence || blockConfidence > 1) {
                throw new PolicyException("hub.policies.review-confidence (" + reviewConfidence + ") and "
                        + "block-confidence (" + blockConfidence + ") must satisfy 0 <= review <= block <= 1");
            }
            return rules -> new SemanticPolicy(rules, embeddings, calibration, blockConfidence, reviewConfidence);
        }
    }

    /** A sentence that matched a rule: the nearest example, its confidence, and whether it is only borderline. */
    public record Match(PolicyRule rule, String sentence, String example, double confidence, boolean borderline) {
    }

    private record Checked(PolicyRule rule, List<String> examples, List<float[]> exampleVectors,
                           List<float[]> counterVectors, LabelClassifier classifier) {
    }

    private static final String VIOLATES = "violates";
    private static final String ALLOWED = "allowed";

    private final List<Checked> rules = new ArrayList<>();
    /**
     * Claims against everything else, over all rules of kind claims: the examples of every claims rule against every
     * counter-example and the background. A claims rule fires only when this agrees (the rule's classifier knows the
     * topic; this one knows what a claim sounds like, whatever the topic). Null without claims rules.
     */
    private final LabelClassifier claims;
    private final EmbeddingService embeddings;
    private final double blockConfidence;
    private final double reviewConfidence;

    SemanticPolicy(List<PolicyFiles.CompiledRule> compiled, EmbeddingService embeddings,
                   RelevanceCalibration calibration, double blockConfidence, double reviewConfidence) {
        this.embeddings = embeddings;
        this.blockConfidence = blockConfidence;
        this.reviewConfidence = reviewConfidence;
        List<float[]> background = List.of(calibration.background());
        List<PolicyFiles.CompiledRule> withExamples = compiled.stream()
                .filter(c -> c.rule().examples() != null && !c.rule().examples().isEmpty()).toList();
        List<List<float[]>> examples = new ArrayList<>();
        List<List<float[]>> counters = new ArrayList<>();
        for (PolicyFiles.CompiledRule c : withExamples) {
            examples.add(embeddings.embedAll(c.rule().examples()));
            counters.add(c.rule().counterExamples() == null ? List.of()
                    : embeddings.embedAll(c.rule().counterExamples()));
        }
        List<float[]> claimVectors = new ArrayList<>();
        List<float[]> otherVectors = new ArrayList<>(background);
        for (int r = 0; r < withExamples.size(); r++) {
            otherVectors.addAll(counters.get(r));
            if (PolicyRule.CLAIMS.equals(withExamples.get(r).rule().kind())) {
                claimVectors.addAll(examples.get(r));
            } else {
                otherVectors.addAll(examples.get(r));
            }
        }
        this.claims = claimVectors.isEmpty() ? null : balanced(claimVectors, otherVectors);
        for (int r = 0; r < withExamples.size(); r++) {
            // one classifier per rule: its examples against what it does not mean (its counter-examples, the other
            // rules' statements and the background of generic requests); the examples repeated to balance the classes
            List<float[]> negatives = new ArrayList<>(counters.get(r));
            for (int o = 0; o < withExamples.size(); o++) {
                if (o != r) {
                    negatives.addAll(examples.get(o));
                    negatives.addAll(counters.get(o));
                }
            }
            negatives.addAll(background);
            LabelClassifier classifier = balanced(examples.get(r), negatives);
            rules.add(new Checked(withExamples.get(r).rule(), withExamples.get(r).rule().examples(), examples.get(r),
                    counters.get(r), classifier));
        }
    }

    /** A classifier of {@code positives} (VIOLATES) against {@code negatives} (ALLOWED), the positives repeated to balance. */
    private static LabelClassifier balanced(List<float[]> positives, List<float[]> negatives) {
        List<float[]> vectors = new ArrayList<>(negatives);
        List<String> labels = new ArrayList<>(java.util.Collections.nCopies(negatives.size(), ALLOWED));
        int copies = Math.max(1, Math.round(negatives.size() / (float) positives.size()));
        for (int k = 0; k < copies; k++) {
            vectors.addAll(positives);
            labels.addAll(java.util.Collections.nCopies(positives.size(), VIOLATES));
        }
        return LabelClassifier.train(vectors, labels, LabelClassifier.Options.DEFAULT);
    }

    private static double violates(LabelClassifier classifier, float[] vector) {
        return classifier.probabilities(vector)[classifier.labels().indexOf(VIOLATES)];
    }

    /** Whether any rule has examples. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** For each rule with examples, its best matching sentence of {@code text}, if any reaches the review level. */
    public List<Match> matches(String text) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<String> sentences = sentences(text);
        List<float[]> vectors = embeddings.embedEach(sentences);
        List<Match> matches = new ArrayList<>();
        for (Checked rule : rules) {
            Match best = null;
            for (int s = 0; s < sentences.size(); s++) {
                float[] v = vectors.get(s);
                if (v == null) {
                    continue;
                }
                int nearest = 0;
                double score = -2;
                for (int e = 0; e < rule.exampleVectors().size(); e++) {
                    double cos = Vectors.dot(v, rule.exampleVectors().get(e));
                    if (cos > score) {
                        score = cos;
                        nearest = e;
                    }
                }
                double counter = -2;
                for (float[] c : rule.counterVectors()) {
                    counter = Math.max(counter, Vectors.dot(v, c));
                }
                double confidence = violates(rule.classifier(), v);
                if (claims != null && PolicyRule.CLAIMS.equals(rule.rule().kind())) {
                    confidence = Math.min(confidence, violates(claims, v));
                }
                // both must agree: the classifier, and the nearest statement of the rule is an example, not a
                // counter-example
                if (confidence < reviewConfidence || score <= counter) {
                    continue;
                }
                if (best == null || confidence > best.confidence()) {
                    best = new Match(rule.rule(), sentences.get(s), rule.examples().get(nearest), confidence,
                            confidence < blockConfidence);
                }
            }
            if (best != null) {
                matches.add(best);
            }
        }
        return matches;
    }

    private static final java.util.regex.Pattern CLAUSE_BREAK = java.util.regex.Pattern.compile("\\s*(?:[:;\u2013\u2014]|\\s-\\s)\\s*");

    /**
     * The clauses of a sentence joined by a colon, semicolon or dash ("Our pills burn fat while you sleep: lose a
     * dress size by Friday."), each judged on its own as well: one claim must not be diluted by its neighbour. Only
     * clauses of at least three words; none when the sentence has a single clause.
     */
    static List<String> clauses(String sentence) {
        String[] parts = CLAUSE_BREAK.split(sentence);
        List<String> clauses = new ArrayList<>();
        if (parts.length < 2) {
            return clauses;
        }
        for (String part : parts) {
            String clause = part.strip();
            if (clause.split("\\s+").length >= 3) {
                clauses.add(clause);
            }
        }
        return clauses;
    }

    /** The sentences of a text (English rules; line breaks end a sentence too), blank ones left out. */
    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String sentence : Sentences.of(text)) {
            out.add(sentence);
            out.addAll(clauses(sentence));
        }
        return out.isEmpty() ? List.of(text.strip()) : out;
    }
}
