package com.misybot.hub.memory.vector;

import com.misybot.hub.ai.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Gives the hits of a search their calibrated confidence ({@link RelevanceCalibration}) and, in a labelled
 * collection, reranks them by it: the hits of the label the collection's classifier predicts come first unless
 * another label's document is much closer to the query (the best document of the predicted label is fetched when the
 * nearest neighbours missed it). Used by the search API and by the agents
 * that answer or route from a collection.
 */
public class Relevance {

    /** A hit with its cosine similarity to the query and its calibrated confidence. */
    public record Ranked(VectorHit hit, double cosine, double confidence) {
    }

    private final VectorIndex index;
    private final LabelledCollections labelled;
    private final RelevanceCalibration calibration;
    private final double defaultMinConfidence;

    public Relevance(VectorIndex index, LabelledCollections labelled, RelevanceCalibration calibration,
                     double defaultMinConfidence) {
        this.index = index;
        this.labelled = labelled;
        this.calibration = calibration;
        this.defaultMinConfidence = defaultMinConfidence;
    }

    /** {@code hub.vector.min-confidence}: the confidence below which a hit is not returned unless asked otherwise. */
    public double defaultMinConfidence() {
        return defaultMinConfidence;
    }

    /**
     * How many hits to ask the index for when {@code wanted} are returned: more in a labelled collection, whose
     * classifier reranks them (a document of the predicted label may rank below the first {@code wanted}).
     */
    public int candidates(String collection, int wanted) {
        return labelled.classifier(collection).isPresent() ? HybridSearch.candidates(wanted) : wanted;
    }

    /**
     * The hits (found for {@code query}; their score the cosine, or another score when {@code cosineScores} is false)
     * with their confidence, best first: by confidence in a labelled collection, else in the given order.
     */
    public List<Ranked> rank(VectorQuery query, List<VectorHit> hits, boolean cosineScores) {
        Optional<LabelClassifier> classifier = labelled.classifier(query.collection());
        if (classifier.isEmpty()) {
            RelevanceCalibration.Norm norm = calibration.norm(query.vector());
            return hits.stream().map(h -> {
                double cosine = cosine(query, h, cosineScores);
                return new Ranked(h, cosine, calibration.unlabelled(cosine, norm));
            }).toList();
        }
        LabelClassifier model = classifier.get();
        double[] p = model.probabilities(query.vector());
        Map<String, Integer> classOf = new HashMap<>();
        for (int c = 0; c < model.labels().size(); c++) {
            classOf.put(model.labels().get(c), c);
        }
        int[] top = LabelClassifier.topTwo(p);
        int best = top[0];
        int second = top[1];
        List<VectorHit> candidates = new ArrayList<>(hits);
        String predicted = model.labels().get(best);
        if (hits.stream().noneMatch(h -> predicted.equals(label(h)))) {
            Map<String, String> metadata = new TreeMap<>(query.metadata() == null ? Map.of() : query.metadata());
            metadata.put(LabelledCollections.LABEL, predicted);
            candidates.addAll(index.search(new VectorQuery(query.vector(), 1, query.kinds(), query.collection(),
                    query.sessionId(), query.ownerId(), query.agent(), metadata, query.minScore(), query.exact())));
        }
        RelevanceCalibration.Norm norm = calibration.norm(query.vector());
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (VectorHit h : candidates) {
            double cosine = cosine(query, h, cosineScores);
            Integer c = classOf.get(label(h));
            double confidence;
            if (c == null) {
                confidence = calibration.unlabelled(cosine, norm);
            } else {
                double other = c == best ? (second < 0 ? 0 : p[second]) : p[best];
                confidence = calibration.labelled(p[c], other, cosine, norm);
            }
            ranked.add(new Ranked(h, cosine, confidence));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::confidence).reversed());
        return ranked;
    }

    private static String label(VectorHit hit) {
        Object label = hit.document().metadata() == null ? null
                : hit.document().metadata().get(LabelledCollections.LABEL);
        return label == null ? null : label.toString();
    }

    private static double cosine(VectorQuery query, VectorHit hit, boolean cosineScores) {
        if (cosineScores || hit.document().vector() == null) {
            return hit.score();
        }
        return Vectors.dot(query.vector(), hit.document().vector());
    }
}
