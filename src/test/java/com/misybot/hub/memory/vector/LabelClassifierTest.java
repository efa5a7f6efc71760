package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.ai.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-collection classifier and the calibration of its probabilities into a confidence. */
class LabelClassifierTest {

    private static final int DIMS = 24;

    @Test
    void should_classify_held_out_points_of_separable_clusters_and_give_probabilities_that_sum_to_one() {
        // given: 6 labels, each a cluster of noisy unit vectors around its own centre
        Random random = new Random(7);
        float[][] centres = new float[6][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = noisy(new float[DIMS], 1.0, random);
        }
        List<float[]> train = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            train.add(noisy(centres[i % 6], 0.08, random));
            labels.add("intent-" + (i % 6));
        }
        // when
        LabelClassifier classifier = LabelClassifier.train(train, labels, LabelClassifier.Options.DEFAULT);
        // then: held-out points of each cluster get their label, most of them with a clear probability
        int correct = 0;
        for (int i = 0; i < 120; i++) {
            float[] q = noisy(centres[i % 6], 0.08, random);
            LabelClassifier.Prediction p = classifier.predict(q);
            correct += p.label().equals("intent-" + (i % 6)) ? 1 : 0;
            assertThat(Arrays.stream(classifier.probabilities(q)).sum()).isCloseTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-6));
            assertThat(p.probability()).isGreaterThanOrEqualTo(p.runnerUp());
        }
        assertThat(correct).isGreaterThanOrEqualTo(114);
        assertThat(classifier.labels()).hasSize(6);
    }

    @Test
    void should_train_the_same_model_twice_from_the_same_documents() {
        Random random = new Random(3);
        List<float[]> train = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            train.add(noisy(new float[DIMS], 1, random));
            labels.add(i % 2 == 0 ? "a" : "b");
        }
        float[] q = noisy(new float[DIMS], 1, random);
        assertThat(LabelClassifier.train(train, labels, LabelClassifier.Options.DEFAULT).probabilities(q))
                .containsExactly(LabelClassifier.train(train, labels, LabelClassifier.Options.DEFAULT)
                        .probabilities(q));
    }

    @Test
    void should_refuse_one_label_and_mismatched_dimensions() {
        List<float[]> two = List.of(new float[] {1, 0}, new float[] {0, 1});
        assertThatThrownBy(() -> LabelClassifier.train(two, List.of("a", "a"), LabelClassifier.Options.DEFAULT))
                .hasMessageContaining("two labels");
        assertThatThrownBy(() -> LabelClassifier.train(List.of(new float[] {1, 0}, new float[] {1, 0, 0}),
                List.of("a", "b"), LabelClassifier.Options.DEFAULT)).hasMessageContaining("dimensions");
        LabelClassifier classifier = LabelClassifier.train(two, List.of("a", "b"), LabelClassifier.Options.DEFAULT);
        assertThatThrownBy(() -> classifier.predict(new float[] {1, 0, 0})).hasMessageContaining("2 dimensions");
    }

    @Test
    void should_give_more_confidence_to_a_surer_classifier_and_a_hit_that_stands_out_from_the_background()
            throws Exception {
        // the shipped calibration of the default model
        JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(getClass().getResourceAsStream(
                "/config/calibration.yaml"));
        JsonNode model = file.path("models").path("bge-small-en-v15-q");
        RelevanceCalibration calibration = new RelevanceCalibration(new RelevanceCalibration.Coefficients(
                model.path("labelled").path("logit").asDouble(), model.path("labelled").path("margin").asDouble(),
                model.path("labelled").path("z").asDouble(), model.path("labelled").path("bias").asDouble(),
                model.path("unlabelled").path("z").asDouble(),
                model.path("unlabelled").path("bias").asDouble()),
                new float[][] {Vectors.normalize(new float[] {1, 0, 0}), Vectors.normalize(new float[] {0, 1, 0})});
        assertThat(file.path("models").has("all-minilm-l6-v2-q")).isTrue();
        // a clear winner close to its documents is trusted, a split decision less, an unlikely label still less, and a
        // sure one far from every document (a two-label classifier is sure of something for any query) not at all
        RelevanceCalibration.Norm norm = new RelevanceCalibration.Norm(0.4, 0.05);
        assertThat(calibration.labelled(0.95, 0.02, 0.75, norm)).isGreaterThan(0.9);
        assertThat(calibration.labelled(0.45, 0.40, 0.75, norm)).isLessThan(calibration.labelled(0.95, 0.02, 0.75,
                norm));
        assertThat(calibration.labelled(0.02, 0.01, 0.75, norm)).isLessThan(calibration.labelled(0.45, 0.40, 0.75,
                norm));
        assertThat(calibration.labelled(0.95, 0.05, 0.45, norm)).isLessThan(calibration.labelled(0.95, 0.05, 0.75,
                norm));
        assertThat(calibration.labelled(0.95, 0.05, 0.3, norm)).isLessThan(0.5);
        // the same cosine is worth more for a query far from the background than for one close to all of it
        RelevanceCalibration.Norm specific = new RelevanceCalibration.Norm(0.2, 0.05);
        RelevanceCalibration.Norm generic = new RelevanceCalibration.Norm(0.55, 0.05);
        assertThat(calibration.unlabelled(0.6, specific)).isGreaterThan(0.5);
        assertThat(calibration.unlabelled(0.6, generic)).isLessThan(0.5);
        assertThat(calibration.norm(new float[] {1, 0, 0}).mean()).isCloseTo(0.5,
                org.assertj.core.data.Offset.offset(1e-6));
    }

    private static float[] noisy(float[] centre, double noise, Random random) {
        float[] v = new float[centre.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (centre[d] + noise * random.nextGaussian());
        }
        return Vectors.normalize(v);
    }
}
