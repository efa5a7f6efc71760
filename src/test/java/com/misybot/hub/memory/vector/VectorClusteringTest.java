package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** k-means over stored vectors: well separated groups come back as clusters, largest first. */
class VectorClusteringTest {

    @Test
    void should_group_vectors_by_their_direction_when_clustering() {
        // given 6 vectors near axis x (ids x*) and 3 near axis y (ids y*)
        List<VectorDocument> docs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            docs.add(doc("x" + i, new float[] {1f, 0.02f * i, 0f}));
        }
        for (int i = 0; i < 3; i++) {
            docs.add(doc("y" + i, new float[] {0.02f * i, 1f, 0f}));
        }
        // when
        List<VectorClustering.Cluster> clusters = VectorClustering.cluster(docs, 2);
        // then
        assertThat(clusters).hasSize(2);
        assertThat(clusters.get(0).size()).isEqualTo(6);
        assertThat(clusters.get(0).memberIds()).allMatch(id -> id.startsWith("x"));
        assertThat(clusters.get(1).memberIds()).containsExactlyInAnyOrder("y0", "y1", "y2");
        assertThat(clusters.get(1).labelId()).startsWith("y");
    }

    @Test
    void should_return_no_more_clusters_than_documents() {
        List<VectorDocument> docs = List.of(doc("a", new float[] {1f, 0f, 0f}));
        assertThat(VectorClustering.cluster(docs, 5)).hasSize(1);
        assertThat(VectorClustering.cluster(List.of(), 3)).isEmpty();
    }

    @Test
    void should_find_one_topic_when_no_number_of_topics_leaves_each_big_enough() {
        // 5 vectors near x and 1 near y: every split leaves a cluster smaller than 3
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            vectors.add(com.misybot.hub.ai.Vectors.normalize(new float[] {1f, 0.01f * i, 0f}));
        }
        vectors.add(com.misybot.hub.ai.Vectors.normalize(new float[] {0f, 1f, 0f}));
        VectorClustering.Topics topics = VectorClustering.topics(vectors, new VectorClustering.TopicOptions(40, 3,
                1000, 42));
        assertThat(topics.k()).isEqualTo(1);
        assertThat(topics.assignment()).containsOnly(0);
        assertThat(topics.silhouette()).isZero();
    }

    @Test
    void should_find_well_separated_topics() {
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            float[] v = new float[3];
            v[i % 3] = 1f;
            v[(i + 1) % 3] = 0.05f * (i / 3);
            vectors.add(com.misybot.hub.ai.Vectors.normalize(v));
        }
        VectorClustering.Topics topics = VectorClustering.topics(vectors, new VectorClustering.TopicOptions(40, 3,
                1000, 42));
        assertThat(topics.k()).isEqualTo(3);
        assertThat(topics.assignment()[0]).isEqualTo(topics.assignment()[3]).isNotEqualTo(topics.assignment()[1]);
    }

    @Test
    void should_find_noisy_topics_when_the_sample_is_smaller_than_the_vectors() {
        // 4 topics in 16 dimensions, 150 noisy vectors each; k is judged on 100 of the 600 and every vector is
        // smoothed against those 100: each must still land with its topic, and the centroids are unit means of the
        // vectors as given (not of the smoothed ones)
        java.util.Random random = new java.util.Random(7);
        List<float[]> vectors = new ArrayList<>();
        int[] truth = new int[600];
        for (int i = 0; i < 600; i++) {
            truth[i] = i % 4;
            float[] v = new float[16];
            v[truth[i]] = 1f;
            for (int d = 0; d < 16; d++) {
                v[d] += (float) (random.nextGaussian() * 0.18);
            }
            vectors.add(com.misybot.hub.ai.Vectors.normalize(v));
        }
        VectorClustering.Topics topics = VectorClustering.topics(vectors, new VectorClustering.TopicOptions(40, 3,
                100, 42));
        assertThat(topics.k()).isEqualTo(4);
        int[] clusterOf = new int[4];
        java.util.Arrays.fill(clusterOf, -1);
        for (int i = 0; i < 600; i++) {
            if (clusterOf[truth[i]] < 0) {
                clusterOf[truth[i]] = topics.assignment()[i];
            }
            assertThat(topics.assignment()[i]).as("vector %d", i).isEqualTo(clusterOf[truth[i]]);
        }
        for (int t = 0; t < 4; t++) {
            List<float[]> members = new ArrayList<>();
            for (int i = t; i < 600; i += 4) {
                members.add(vectors.get(i));
            }
            float[] expected = com.misybot.hub.ai.Vectors.mean(members);
            assertThat(topics.centroids().get(clusterOf[t])).containsExactly(expected,
                    org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private static VectorDocument doc(String id, float[] v) {
        return new VectorDocument(id, id, "trend", "trends", null, null, null, "text " + id,
                com.misybot.hub.ai.Vectors.normalize(v), "m", Map.of(), Instant.now(), null);
    }
}
