package com.misybot.hub.memory.vector;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.misybot.hub.ai.EmbeddingService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.evaluation.ClusterEvaluator;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * k-means++ (Apache Commons Math) over unit vectors: {@link #cluster} groups the stored vectors of one kind into k
 * clusters (route {@code vector-cluster}); {@link #topics} finds how many groups a set of vectors holds and groups
 * them (the trend scanner). On unit vectors Euclidean distance orders like cosine similarity. Seeded, so the same
 * vectors give the same clusters.
 */
@Component("vectorClustering")
public class VectorClustering {

    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_VECTORS = 100_000;
    /** k-means++ runs per k (a single run can end in a poor local optimum). */
    private static final int TRIALS = 5;
    /** Sample neighbours each vector is pulled towards before k-means in {@link #topics}. */
    static final int NEIGHBOURS = 15;

    /** One cluster, largest first. */
    public record Cluster(int size, String label, String labelId, List<String> memberIds) {
    }

    private record Point(VectorDocument doc, double[] point) implements Clusterable {
        @Override
        public double[] getPoint() {
            return point;
        }
    }

    /**
     * Result of {@link #topics}: the cluster of each vector (0..k-1, in the order given), the unit centroid of each
     * cluster, and the mean silhouette on the sample that chose k.
     */
    public record Topics(int k, int[] assignment, List<float[]> centroids, double silhouette) {
    }

    /** Limits of {@link #topics}: at most {@code maxClusters}, each of at least {@code minClusterSize} on average. */
    public record TopicOptions(int maxClusters, int minClusterSize, int sample, long seed) {
        public TopicOptions {
            if (maxClusters < 1 || minClusterSize < 1 || sample < 2) {
                throw new IllegalArgumentException("maxClusters and minClusterSize must be >= 1, sample >= 2");
            }
        }
    }

    private final MongoCollection<Document> embeddings;
    private final EmbeddingService model;

    public VectorClustering(MongoCollection<Document> embeddingsCollection, EmbeddingService model) {
        this.embeddings = embeddingsCollection;
        this.model = model;
    }

    public List<Cluster> cluster(String kind, int k) {
        List<VectorDocument> docs = new ArrayList<>();
        for (Document bson : embeddings.find(Filters.and(Filters.eq("kind", kind), Filters.eq("model", model.model())))
                .limit(MAX_VECTORS)) {
            docs.add(VectorDocuments.fromBson(bson));
        }
        return cluster(docs, k);
    }

    /** Clusters {@code docs} into at most {@code k} groups (fewer when there are fewer documents). */
    public static List<Cluster> cluster(List<VectorDocument> docs, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1");
        }
        if (docs.isEmpty()) {
            return List.of();
        }
        List<Point> points = docs.stream().map(d -> new Point(d, toDoubles(d.vector()))).toList();
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(42);
        KMeansPlusPlusClusterer<Point> kmeans = new KMeansPlusPlusClusterer<>(Math.min(k, points.size()),
                MAX_ITERATIONS, new EuclideanDistance(), random);
        List<Cluster> clusters = new ArrayList<>();
        for (CentroidCluster<Point> c : kmeans.cluster(points)) {
            if (c.getPoints().isEmpty()) {
                continue;
            }
            double[] centroid = c.getCenter().getPoint();
            Point nearest = c.getPoints().stream()
                    .min(Comparator.comparingDouble(p -> new EuclideanDistance().compute(p.point(), centroid)))
                    .orElseThrow();
            clusters.add(new Cluster(c.getPoints().size(), nearest.doc().text(), nearest.doc().refId(),
                    c.getPoints().stream().map(p -> p.doc().refId()).toList()));
        }
        clusters.sort(Comparator.comparingInt(Cluster::size).reversed());
        return clusters;
    }

    /**
     * Groups {@code vectors} without being told how many groups there are. A seeded sample of at most {@code sample}
     * vectors judges k: k-means++ runs for every candidate k (2..12, then about 25 % apart, up to maxClusters and
     * n / minClusterSize), each scored by its mean silhouette (cosine distance between the vectors as given) on the
     * sample, a k leaving a cluster smaller than minClusterSize (scaled to the sample) excluded; the best k then
     * clusters every vector.
     * <p>
     * k-means does not run on the vectors as given but on each vector pulled towards its neighbourhood: the vector
     * plus its {@value #NEIGHBOURS} nearest vectors of the sample, weighted by their cosine similarity (negative
     * counts 0), made unit again. A short text's embedding is noisy; what its nearest neighbours share is what it is
     * about, so groups of one topic become tighter and k-means splits topics rather than writing styles (README
     * "Trend scanner" has the figures). The silhouette is still measured on the vectors as given, so smoothing cannot
     * flatter the choice of k, and the centroids returned are those of the vectors as given.
     * <p>
     * The choice costs the same whatever n is; smoothing costs n x sample dot products and the final pass is linear
     * in n (k x iterations).
     */
    public static Topics topics(List<float[]> vectors, TopicOptions options) {
        int n = vectors.size();
        if (n == 0) {
            return new Topics(0, new int[0], List.of(), 0);
        }
        double[][] original = new double[n][];
        for (int i = 0; i < n; i++) {
            original[i] = toDoubles(vectors.get(i));
        }
        int kMax = Math.min(options.maxClusters(), n / options.minClusterSize());
        if (kMax < 2) {
            return new Topics(1, new int[n], List.of(centroid(original, new int[n], 0)), 0);
        }
        int[] sample = sample(n, options.sample(), options.seed());
        boolean[] inSample = new boolean[n];
        for (int i : sample) {
            inSample[i] = true;
        }
        List<Point> smoothed = smooth(original, sample, inSample);
        List<Point> sampled = new ArrayList<>(sample.length);
        for (int i : sample) {
            sampled.add(smoothed.get(i));
        }
        double[][] distance = cosineDistances(original, sample);
        int bestK = 1;
        double best = 0;
        // a k that leaves a cluster of the sample smaller than min-cluster-size (scaled to the sample) is no answer
        int smallest = Math.max(1, (int) Math.floor((double) options.minClusterSize() * sample.length / n));
        for (int k : candidates(Math.min(kMax, sample.length - 1))) {
            List<CentroidCluster<Point>> trial = kmeans(sampled, k, options.seed(), 50);
            if (trial.stream().anyMatch(c -> c.getPoints().size() < smallest)) {
                continue;
            }
            int[] labels = assign(sampled, trial);
            double silhouette = silhouette(distance, labels, trial.size());
            if (bestK == 1 || silhouette > best) {
                best = silhouette;
                bestK = k;
            }
        }
        if (bestK == 1) {
            // no k leaves every cluster big enough: one group
            return new Topics(1, new int[n], List.of(centroid(original, new int[n], 0)), 0);
        }
        List<CentroidCluster<Point>> clusters = kmeans(smoothed, bestK, options.seed(), MAX_ITERATIONS);
        int[] assignment = assign(smoothed, clusters);
        List<float[]> centroids = new ArrayList<>(clusters.size());
        for (int c = 0; c < clusters.size(); c++) {
            centroids.add(centroid(original, assignment, c));
        }
        return new Topics(clusters.size(), assignment, centroids, best);
    }

    /**
     * Each vector plus its {@link #NEIGHBOURS} nearest vectors of the sample (itself excluded), weighted by cosine
     * similarity (negative counts 0), unit length; two cores share the work.
     */
    private static List<Point> smooth(double[][] vectors, int[] sample, boolean[] inSample) {
        int m = Math.min(NEIGHBOURS, sample.length - 1);
        Point[] out = new Point[vectors.length];
        java.util.stream.IntStream.range(0, vectors.length).parallel().forEach(i -> {
            double[] x = vectors[i];
            // the m most similar sample vectors: a min-heap on similarity of at most m entries
            java.util.PriorityQueue<double[]> nearest = new java.util.PriorityQueue<>(m + 1,
                    Comparator.comparingDouble((double[] e) -> e[0]));
            for (int j : sample) {
                if (j == i) {
                    continue;
                }
                double similarity = dot(x, vectors[j]);
                if (nearest.size() < m) {
                    nearest.add(new double[] {similarity, j});
                } else if (similarity > nearest.peek()[0]) {
                    nearest.poll();
                    nearest.add(new double[] {similarity, j});
                }
            }
            double[] sum = x.clone();
            for (double[] e : nearest) {
                double w = Math.max(0, e[0]);
                double[] neighbour = vectors[(int) e[1]];
                for (int d = 0; d < sum.length; d++) {
                    sum[d] += w * neighbour[d];
                }
            }
            double norm = Math.sqrt(dot(sum, sum));
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= norm;
            }
            out[i] = new Point(null, sum);
        });
        return java.util.Arrays.asList(out);
    }

    /**
     * Within-cluster sum of squared distances, the objective k-means minimizes: Commons Math's default evaluator
     * sums the clusters' variances instead, which prefers a tiny tight cluster (two near-duplicates) to a good split.
     */
    static final class SumOfSquares extends ClusterEvaluator<Point> {
        SumOfSquares() {
            super(new EuclideanDistance());
        }

        @Override
        public double score(List<? extends org.apache.commons.math3.ml.clustering.Cluster<Point>> clusters) {
            double sum = 0;
            for (org.apache.commons.math3.ml.clustering.Cluster<Point> c : clusters) {
                Clusterable center = centroidOf(c);
                for (Point p : c.getPoints()) {
                    double d = distance(p, center);
                    sum += d * d;
                }
            }
            return sum;
        }
    }

    /** 2..12 one by one, then about 25 % apart. */
    static List<Integer> candidates(int kMax) {
        List<Integer> ks = new ArrayList<>();
        for (int k = 2; k <= kMax; k = k < 12 ? k + 1 : (int) Math.ceil(k * 1.25)) {
            ks.add(k);
        }
        return ks;
    }

    /** The best (least within-cluster variance) of {@link #TRIALS} seeded k-means++ runs. */
    private static List<CentroidCluster<Point>> kmeans(List<Point> points, int k, long seed, int iterations) {
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(seed);
        List<CentroidCluster<Point>> clusters = new MultiKMeansPlusPlusClusterer<>(new KMeansPlusPlusClusterer<Point>(
                k, iterations, new EuclideanDistance(), random,
                KMeansPlusPlusClusterer.EmptyClusterStrategy.FARTHEST_POINT), TRIALS, new SumOfSquares())
                .cluster(points);
        clusters.removeIf(c -> c.getPoints().isEmpty());
        return clusters;
    }

    /** The cluster index of each point, by identity (points are distinct objects). */
    private static int[] assign(List<Point> points, List<CentroidCluster<Point>> clusters) {
        java.util.IdentityHashMap<Point, Integer> of = new java.util.IdentityHashMap<>();
        for (int c = 0; c < clusters.size(); c++) {
            for (Point p : clusters.get(c).getPoints()) {
                of.put(p, c);
            }
        }
        int[] labels = new int[points.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = of.getOrDefault(points.get(i), 0);
        }
        return labels;
    }

    /** The indices of a seeded sample of at most {@code size} of {@code n} vectors (all of them when n <= size). */
    private static int[] sample(int n, int size, long seed) {
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        if (n > size) {
            java.util.Collections.shuffle(order, new java.util.Random(seed));
        }
        return order.subList(0, Math.min(n, size)).stream().mapToInt(Integer::intValue).toArray();
    }

    private static double[][] cosineDistances(double[][] vectors, int[] sample) {
        int n = sample.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = d[j][i] = 1 - dot(vectors[sample[i]], vectors[sample[j]]);
            }
        }
        return d;
    }

    /** Mean silhouette (Rousseeuw 1987) of {@code labels}; a point alone in its cluster counts 0. */
    static double silhouette(double[][] distance, int[] labels, int k) {
        int n = labels.length;
        double total = 0;
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += distance[i][j];
                    count[labels[j]]++;
                }
            }
            int own = labels[i];
            if (count[own] == 0) {
                continue;
            }
            double a = sum[own] / count[own];
            double b = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    b = Math.min(b, sum[c] / count[c]);
                }
            }
            if (b != Double.MAX_VALUE) {
                total += (b - a) / Math.max(a, b);
            }
        }
        return total / n;
    }

    /** The unit mean of the vectors assigned to {@code cluster}. */
    private static float[] centroid(double[][] vectors, int[] assignment, int cluster) {
        double[] c = new double[vectors[0].length];
        for (int i = 0; i < vectors.length; i++) {
            if (assignment[i] == cluster) {
                for (int j = 0; j < c.length; j++) {
                    c[j] += vectors[i][j];
                }
            }
        }
        return unit(c);
    }

    private static float[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] u = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            u[j] = (float) (norm == 0 ? 0 : v[j] / norm);
        }
        return u;
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
