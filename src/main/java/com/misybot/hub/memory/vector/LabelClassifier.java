package com.misybot.hub.memory.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Multinomial logistic regression (softmax) over unit-length embeddings, trained per labelled collection: the
 * documents' vectors are the inputs, their {@code metadata.label} the classes. Mini-batch Adam with a small L2 penalty,
 * a fixed number of epochs and a fixed seed, so the same documents give the same model.
 *
 * <p>Hand-written (README "Semantic memory" says why): on CLINC150's 15,000 training texts Tribuo 4.3.2's
 * {@code LinearSGDTrainer} with the same objective, optimiser and epochs took 72 s and reached 89.0 % top-1, this
 * one a few seconds and 95.9 %; Smile is GPL-3.0.
 */
public final class LabelClassifier {

    /** Training parameters (the defaults are those measured in BENCHMARKS.md). */
    public record Options(int epochs, int batchSize, double learningRate, double l2, long seed) {
        public static final Options DEFAULT = new Options(30, 256, 0.01, 1e-5, 1L);
    }

    /** A prediction: the best label, its probability and the runner-up's (0 with one label). */
    public record Prediction(String label, double probability, double runnerUp) {
    }

    private final List<String> labels;
    private final int dims;
    /** Row-major [label][dimension]. */
    private final float[] weights;
    private final float[] bias;

    private LabelClassifier(List<String> labels, int dims, float[] weights, float[] bias) {
        this.labels = List.copyOf(labels);
        this.dims = dims;
        this.weights = weights;
        this.bias = bias;
    }

    public List<String> labels() {
        return labels;
    }

    /** Trains on {@code vectors} (same length, unit norm) with one label each; at least two distinct labels. */
    public static LabelClassifier train(List<float[]> vectors, List<String> labelOf, Options options) {
        if (vectors.size() != labelOf.size() || vectors.isEmpty()) {
            throw new IllegalArgumentException("one label per vector, and at least one vector");
        }
        List<String> labels = new ArrayList<>(new TreeSet<>(labelOf));
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least two labels, got " + labels);
        }
        Map<String, Integer> classOf = new LinkedHashMap<>();
        labels.forEach(l -> classOf.put(l, classOf.size()));
        int n = vectors.size();
        int dims = vectors.get(0).length;
        int classes = labels.size();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            if (vectors.get(i).length != dims) {
                throw new IllegalArgumentException("vector " + i + " has " + vectors.get(i).length
                        + " dimensions, not " + dims);
            }
            y[i] = classOf.get(labelOf.get(i));
        }
        float[] w = new float[classes * dims];
        float[] b = new float[classes];
        float[] gw = new float[w.length];
        float[] gb = new float[classes];
        Adam adamW = new Adam(w.length, options);
        Adam adamB = new Adam(classes, options);
        double[] p = new double[classes];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(options.seed());
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            shuffle(order, random);
            for (int from = 0; from < n; from += options.batchSize()) {
                int to = Math.min(n, from + options.batchSize());
                Arrays.fill(gw, 0f);
                Arrays.fill(gb, 0f);
                float scale = 1f / (to - from);
                for (int k = from; k < to; k++) {
                    float[] x = vectors.get(order[k]);
                    softmax(w, b, x, dims, p);
                    p[y[order[k]]] -= 1;
                    for (int c = 0; c < classes; c++) {
                        float g = (float) p[c] * scale;
                        // classes the model already rules out add (almost) nothing: skip them
                        if (Math.abs(g) < 1e-7f) {
                            continue;
                        }
                        gb[c] += g;
                        int row = c * dims;
                        for (int d = 0; d < dims; d++) {
                            gw[row + d] += g * x[d];
                        }
                    }
                }
                float l2 = (float) options.l2();
                for (int i = 0; i < w.length; i++) {
                    gw[i] += l2 * w[i];
                }
                adamW.step(w, gw);
                adamB.step(b, gb);
            }
        }
        return new LabelClassifier(labels, dims, w, b);
    }

    /** Probability of each label (in {@link #labels()} order) for a unit vector. */
    public double[] probabilities(float[] vector) {
        if (vector.length != dims) {
            throw new IllegalArgumentException("the classifier takes " + dims + " dimensions, not " + vector.length);
        }
        double[] p = new double[labels.size()];
        softmax(weights, bias, vector, dims, p);
        return p;
    }

    public Prediction predict(float[] vector) {
        double[] p = probabilities(vector);
        int[] top = topTwo(p);
        return new Prediction(labels.get(top[0]), p[top[0]], top[1] < 0 ? 0 : p[top[1]]);
    }

    /** Indexes of the largest and second largest of {@code p} (the second -1 when {@code p} has one element). */
    public static int[] topTwo(double[] p) {
        int best = 0;
        int second = -1;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                second = best;
                best = c;
            } else if (second < 0 || p[c] > p[second]) {
                second = c;
            }
        }
        return new int[] {best, second};
    }

    private static void softmax(float[] w, float[] b, float[] x, int dims, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < out.length; c++) {
            out[c] = b[c] + dot(w, c * dims, x, dims);
            max = Math.max(max, out[c]);
        }
        double sum = 0;
        for (int c = 0; c < out.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= sum;
        }
    }

    /** {@code w[row..row+dims) · x} with four partial sums (the JIT does not vectorize a single float sum). */
    private static float dot(float[] w, int row, float[] x, int dims) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dims; d += 4) {
            s0 += w[row + d] * x[d];
            s1 += w[row + d + 1] * x[d + 1];
            s2 += w[row + d + 2] * x[d + 2];
            s3 += w[row + d + 3] * x[d + 3];
        }
        for (; d < dims; d++) {
            s0 += w[row + d] * x[d];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Adam (Kingma and Ba 2015) with β1 0.9, β2 0.999, ε 1e-8. */
    private static final class Adam {
        private final float[] m;
        private final float[] v;
        private final double rate;
        private int t;

        Adam(int size, Options options) {
            m = new float[size];
            v = new float[size];
            rate = options.learningRate();
        }

        void step(float[] params, float[] grad) {
            t++;
            double c1 = 1 - Math.pow(0.9, t);
            double c2 = 1 - Math.pow(0.999, t);
            for (int i = 0; i < params.length; i++) {
                float g = grad[i];
                m[i] = 0.9f * m[i] + 0.1f * g;
                v[i] = 0.999f * v[i] + 0.001f * g * g;
                params[i] -= (float) (rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
            }
        }
    }
}
