package com.misybot.hub.memory.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.Vectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns what a search knows about a hit into a calibrated probability that the hit is relevant ("confidence"), so
 * one threshold ({@code minConfidence}) means the same for every embedding model and collection.
 *
 * <ul>
 *   <li><b>Labelled collections</b> (documents with {@code metadata.label}): the collection's {@link LabelClassifier}
 *   gives the hit's label a probability {@code p}, and the best other label {@code q};
 *   and the hit's cosine z-scored against the background (below); confidence = σ(a·logit p + b·(logit p − logit q)
 *   + d·z + c).</li>
 *   <li><b>Other collections</b>: the hit's cosine is compared with the query's cosines to a fixed background of
 *   generic sentences ({@code z = (cos − mean) / sd}, score normalization against a cohort), so a query that is
 *   close to everything (a short or generic one) does not look relevant; confidence = σ(a·z + c).</li>
 * </ul>
 * The coefficients are fitted per embedding model on labelled development data by {@code bench/calibrate.sh}
 * ({@code CalibrationFit}, CLINC150's val and oos_val splits, out-of-scope questions weighted to the stated prior)
 * and read from {@code config/calibration.yaml}.
 */
public final class RelevanceCalibration {

    /** Coefficients of one model. */
    public record Coefficients(double logit, double margin, double labelledZ, double labelledBias, double z,
                               double unlabelledBias) {
    }

    private final Coefficients coefficients;
    private final float[][] background;

    public RelevanceCalibration(Coefficients coefficients, float[][] background) {
        this.coefficients = coefficients;
        this.background = background;
    }

    /** The calibration of {@code embeddings}' model from {@code config/calibration.yaml}, its background embedded. */
    public static RelevanceCalibration load(EmbeddingService embeddings) {
        JsonNode file = read("config/calibration.yaml");
        JsonNode model = file.path("models").path(embeddings.model());
        if (model.isMissingNode()) {
            throw new IllegalStateException("config/calibration.yaml has no calibration for embedding model "
                    + embeddings.model() + ": run bench/calibrate.sh");
        }
        Coefficients c = new Coefficients(model.path("labelled").path("logit").asDouble(),
                model.path("labelled").path("margin").asDouble(), model.path("labelled").path("z").asDouble(),
                model.path("labelled").path("bias").asDouble(),
                model.path("unlabelled").path("z").asDouble(), model.path("unlabelled").path("bias").asDouble());
        return new RelevanceCalibration(c, embeddings.embedAll(backgroundSentences()).toArray(float[][]::new));
    }

    /** The background sentences (config/calibration/background.txt, one per line, # comments). */
    public static List<String> backgroundSentences() {
        try (InputStream in = resource("config/calibration/background.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The background sentences' vectors (a copy). */
    public float[][] background() {
        return background.clone();
    }

    public Coefficients coefficients() {
        return coefficients;
    }

    /**
     * Confidence of a hit whose label the classifier gives {@code p}, the best other label {@code q}, and whose cosine
     * to the query is {@code cosine} (z-scored against the background: a classifier of two labels is sure of one of
     * them for any query, so how close the query is to the documents must count too).
     */
    public double labelled(double p, double q, double cosine, Norm norm) {
        double[] f = labelledFeatures(p, q, norm.z(cosine));
        return sigmoid(coefficients.logit() * f[0] + coefficients.margin() * f[1] + coefficients.labelledZ() * f[2]
                + coefficients.labelledBias());
    }

    /** Confidence of a hit with this cosine for a query whose background statistics are {@code norm}. */
    public double unlabelled(double cosine, Norm norm) {
        return sigmoid(coefficients.z() * norm.z(cosine) + coefficients.unlabelledBias());
    }

    /** The query's cosines to the background: their mean and standard deviation. */
    public Norm norm(float[] query) {
        return norm(query, background);
    }

    /** Mean and standard deviation of a query's cosines to a background. */
    public record Norm(double mean, double sd) {
        public double z(double cosine) {
            return (cosine - mean) / sd;
        }
    }

    public static Norm norm(float[] query, float[][] background) {
        double[] s = Arrays.stream(background).mapToDouble(b -> Vectors.dot(query, b)).toArray();
        double mean = Arrays.stream(s).average().orElse(0);
        double var = Arrays.stream(s).map(x -> (x - mean) * (x - mean)).average().orElse(0);
        return new Norm(mean, Math.max(Math.sqrt(var), 1e-3));
    }

    /** logit p, logit p − logit q (probabilities clipped to [1e-6, 1 − 1e-6]) and the hit's background z-score. */
    public static double[] labelledFeatures(double p, double q, double z) {
        double lp = logit(p);
        return new double[] {lp, lp - logit(q), z};
    }

    static double logit(double p) {
        double c = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(c / (1 - c));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static JsonNode read(String name) {
        try (InputStream in = resource(name)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = RelevanceCalibration.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }
}
