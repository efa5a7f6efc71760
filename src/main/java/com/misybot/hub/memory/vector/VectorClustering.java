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
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * k-means++ (Apache Commons Math) over the stored vectors of one kind, for the trend scanner: each cluster with its
 * size, its members and the member nearest to its centroid as label. On unit vectors Euclidean distance orders like
 * cosine similarity. Seeded, so the same vectors give the same clusters.
 */
@Component("vectorClustering")
public class VectorClustering {

    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_VECTORS = 100_000;

    /** One cluster, largest first. */
    public record Cluster(int size, String label, String labelId, List<String> memberIds) {
    }

    private record Point(VectorDocument doc, double[] point) implements Clusterable {
        @Override
        public double[] getPoint() {
            return point;
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

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
