package com.misybot.hub.memory.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.misybot.hub.ai.EmbeddingConfiguration;
import com.misybot.hub.ai.Vectors;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Fits {@code config/calibration.yaml} for one embedding model (bench/calibrate.sh) from CLINC150's development
 * splits only: the classifier is trained on {@code train}, the calibration fitted on {@code val} (in scope) and
 * {@code oos_val} (out of scope), the test splits are left to bench/retrieval.sh. Out-of-scope questions are weighted
 * so that they make {@link #PRIOR} of all questions. Logistic regression by iteratively reweighted least squares
 * (Commons Math solves each step): three coefficients need no library.
 *
 * <p>Usage: {@code CalibrationFit data_full.json model config/calibration.yaml}
 */
public final class CalibrationFit {

    /** Share of questions assumed to have no answer in the collection. */
    static final double PRIOR = 0.1;

    record Example(double[] features, boolean relevant, boolean inScope, String shape) {
        Example(double[] features, boolean relevant, boolean inScope) {
            this(features, relevant, inScope, "");
        }
    }

    public static void main(String[] args) throws Exception {
        JsonNode data = new ObjectMapper().readTree(new File(args[0]));
        String model = args[1];
        Path out = Path.of(args[2]);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        EmbeddingModel onnx = EmbeddingConfiguration.onnxModel(model, executor);
        Split train = split(data, "train", onnx);
        Split val = split(data, "val", onnx);
        Split oos = split(data, "oos_val", onnx);
        float[][] background = embed(onnx, RelevanceCalibration.backgroundSentences()).toArray(float[][]::new);

        // labelled: collections of every shape, from all 150 intents to two labels of ten documents; each trains its
        // own classifier
        List<Example> labelled = new ArrayList<>();
        Random random = new Random(5);
        List<String> intents = new ArrayList<>(new java.util.TreeSet<>(train.labels()));
        labelled(labelled, train, val, oos, background, intents, "150 labels");
        for (int trial = 0; trial < 30; trial++) {
            for (int[] shape : new int[][] {{2, 10}, {5, 10}, {20, 20}}) {
                Collections.shuffle(intents, random);
                List<String> chosen = new ArrayList<>(intents.subList(0, shape[0]));
                labelled(labelled, sample(train, chosen, shape[1], random), val, oos, background, chosen,
                        shape[0] + " labels");
            }
        }
        double[] l = fit(labelled);

        // unlabelled: collections of every size, from all 15,000 documents to FAQ-sized ones
        List<Example> unlabelled = new ArrayList<>();
        intents = new ArrayList<>(new java.util.TreeSet<>(train.labels()));
        random = new Random(7);
        unlabelled(unlabelled, train, val, oos, background, intents, Integer.MAX_VALUE);
        for (int trial = 0; trial < 100; trial++) {
            for (int[] shape : new int[][] {{20, 1}, {5, 3}}) {
                Collections.shuffle(intents, random);
                List<String> chosen = intents.subList(0, shape[0]);
                unlabelled(unlabelled, sample(train, chosen, shape[1], random), val, oos, background, chosen,
                        shape[1]);
            }
        }
        double[] u = fit(unlabelled);

        for (String shape : new String[] {"150 labels", "20 labels", "5 labels", "2 labels"}) {
            report("labelled, " + shape, labelled.stream().filter(e -> e.shape().equals(shape)).toList(), l);
        }
        report("unlabelled", unlabelled, u);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        ObjectNode file = Files.exists(out) ? (ObjectNode) yaml.readTree(out.toFile()) : yaml.createObjectNode();
        file.put("out-of-scope-prior", PRIOR);
        ObjectNode m = file.with("models").putObject(model);
        m.putObject("labelled").put("logit", round(l[0])).put("margin", round(l[1])).put("z", round(l[2]))
                .put("bias", round(l[3]));
        m.putObject("unlabelled").put("z", round(u[0])).put("bias", round(u[1]));
        String header = "# Relevance calibration per embedding model (RelevanceCalibration), written by bench/calibrate.sh\n"
                + "# (CalibrationFit: CLINC150 train/val/oos_val, out-of-scope prior " + PRIOR + "). Do not edit by hand.\n";
        Files.writeString(out, header + yaml.writeValueAsString(file));
        System.out.println("wrote " + out);
        executor.shutdown();
    }

    /** The classifier of {@code docs}, asked the val queries (in scope when their label is in {@code labels}). */
    private static void labelled(List<Example> out, Split docs, Split val, Split oos, float[][] background,
                                 List<String> labels, String shape) {
        LabelClassifier classifier = LabelClassifier.train(docs.vectors(), docs.labels(),
                LabelClassifier.Options.DEFAULT);
        for (Query q : queries(val, oos, labels)) {
            out.add(classified(classifier, docs, q.vector(), q.label(), background, q.inScope(), shape));
        }
    }

    /** A development query: its vector, its intent ("oos" for out of scope), and whether the collection has it. */
    record Query(float[] vector, String label, boolean inScope) {
    }

    /**
     * The queries a collection of {@code labels} is asked: every val query (out of scope when its intent is not in
     * the collection, at most as many of those as there are oos_val queries), then every oos_val query.
     */
    private static List<Query> queries(Split val, Split oos, List<String> labels) {
        java.util.Set<String> in = new java.util.HashSet<>(labels);
        List<Query> queries = new ArrayList<>();
        int negatives = 0;
        for (int i = 0; i < val.size(); i++) {
            boolean inScope = in.contains(val.labels().get(i));
            if (!inScope && negatives >= oos.size()) {
                continue;
            }
            queries.add(new Query(val.vectors().get(i), val.labels().get(i), inScope));
            negatives += inScope ? 0 : 1;
        }
        oos.vectors().forEach(v -> queries.add(new Query(v, "oos", false)));
        return queries;
    }

    private static Example classified(LabelClassifier classifier, Split docs, float[] query, String label,
                                      float[][] background, boolean inScope, String shape) {
        LabelClassifier.Prediction p = classifier.predict(query);
        double best = -2;
        for (int j = 0; j < docs.size(); j++) {
            if (docs.labels().get(j).equals(p.label())) {
                best = Math.max(best, Vectors.dot(query, docs.vectors().get(j)));
            }
        }
        double z = RelevanceCalibration.norm(query, background).z(best);
        return new Example(RelevanceCalibration.labelledFeatures(p.probability(), p.runnerUp(), z),
                inScope && p.label().equals(label), inScope, shape);
    }

    private static void unlabelled(List<Example> out, Split docs, Split val, Split oos, float[][] background,
                                   List<String> intents, int perIntent) {
        for (Query q : queries(val, oos, intents)) {
            out.add(top(docs, q.vector(), q.label(), background, q.inScope()));
        }
    }

    private static Example top(Split docs, float[] query, String label, float[][] background, boolean inScope) {
        int best = 0;
        double score = -2;
        for (int j = 0; j < docs.size(); j++) {
            double s = Vectors.dot(query, docs.vectors().get(j));
            if (s > score) {
                score = s;
                best = j;
            }
        }
        double z = RelevanceCalibration.norm(query, background).z(score);
        return new Example(new double[] {z}, inScope && docs.labels().get(best).equals(label), inScope);
    }

    /**
     * Logistic regression, the two classes weighted to the prior and every collection shape weighing the same (one
     * 150-label collection as much as thirty two-label ones; the unlabelled examples carry no shape and are pooled);
     * the bias last.
     */
    static double[] fit(List<Example> examples) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        examples.forEach(e -> counts.merge(e.shape() + "|" + e.inScope(), 1L, Long::sum));
        long shapes = examples.stream().map(Example::shape).distinct().count();
        int k = examples.get(0).features().length + 1;
        double[] beta = new double[k];
        for (int iteration = 0; iteration < 50; iteration++) {
            RealMatrix h = new Array2DRowRealMatrix(k, k);
            RealVector g = new ArrayRealVector(k);
            for (Example e : examples) {
                double w = (e.inScope() ? 1 - PRIOR : PRIOR) / (shapes * counts.get(e.shape() + "|" + e.inScope()))
                        * examples.size();
                double[] x = with1(e.features());
                double p = RelevanceCalibration.sigmoid(dot(beta, x));
                for (int a = 0; a < k; a++) {
                    g.addToEntry(a, w * (p - (e.relevant() ? 1 : 0)) * x[a]);
                    for (int b = 0; b < k; b++) {
                        h.addToEntry(a, b, w * p * (1 - p) * x[a] * x[b]);
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                h.addToEntry(a, a, 1e-6);
            }
            RealVector step = new LUDecomposition(h).getSolver().solve(g);
            for (int a = 0; a < k; a++) {
                beta[a] -= step.getEntry(a);
            }
            if (step.getNorm() < 1e-9) {
                break;
            }
        }
        return beta;
    }

    private static void report(String name, List<Example> examples, double[] beta) {
        for (double t : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
            long in = examples.stream().filter(Example::inScope).count();
            long answered = examples.stream().filter(e -> e.inScope() && e.relevant()
                    && RelevanceCalibration.sigmoid(dot(beta, with1(e.features()))) >= t).count();
            long declined = examples.stream().filter(e -> !e.inScope()
                    && RelevanceCalibration.sigmoid(dot(beta, with1(e.features()))) < t).count();
            System.out.printf("%s (dev) min-confidence %.1f: in-scope %.3f, out-of-scope recall %.3f%n", name, t,
                    answered / (double) in, declined / (double) (examples.size() - in));
        }
    }

    record Split(List<float[]> vectors, List<String> labels) {
        int size() {
            return vectors.size();
        }
    }

    private static Split split(JsonNode data, String name, EmbeddingModel onnx) {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        data.get(name).forEach(p -> {
            texts.add(p.get(0).asText());
            labels.add(p.get(1).asText());
        });
        return new Split(embed(onnx, texts), labels);
    }

    private static Split sample(Split train, List<String> intents, int perIntent, Random random) {
        List<float[]> vectors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String intent : intents) {
            List<Integer> of = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (train.labels().get(i).equals(intent)) {
                    of.add(i);
                }
            }
            Collections.shuffle(of, random);
            for (int i : of.subList(0, perIntent)) {
                vectors.add(train.vectors().get(i));
                labels.add(intent);
            }
        }
        return new Split(vectors, labels);
    }

    private static List<float[]> embed(EmbeddingModel onnx, List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i += 64) {
            onnx.embedAll(texts.subList(i, Math.min(texts.size(), i + 64)).stream().map(TextSegment::from).toList())
                    .content().forEach(e -> out.add(Vectors.normalize(e.vector())));
        }
        return out;
    }

    private static double[] with1(double[] f) {
        double[] x = java.util.Arrays.copyOf(f, f.length + 1);
        x[f.length] = 1;
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
