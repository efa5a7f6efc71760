package com.misybot.hub.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.ai.EmbeddingConfiguration;
import com.misybot.hub.ai.OnnxEmbeddingService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.misybot.hub.agents.trends.TrendSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How well {@link VectorClustering#topics} finds the topics of labelled headlines (576 development, 312 held-out,
 * 12 topics) with each shipped embedding model, scored by the adjusted Rand index, the titles embedded as the trend
 * scanner embeds them for topic finding (after clustering.topic-prefix of config/trends.yaml). The target is
 * 0.6, asserted for the default model; the other model's floors are a little under what it reaches (README "Trend
 * scanner"), so a change that makes it worse fails. The figures move from one machine to another (same code and
 * data: MiniLM development 0.506 on one, 0.455 on an AMD EPYC; the int8 kernels of ONNX Runtime differ between CPUs
 * and k-means picks k on a flat silhouette curve), so the floors leave room for that.
 */
class TopicClusteringQualityTest {

    @ParameterizedTest
    @CsvSource({"bge-small-en-v15-q, headlines, 0.6", "bge-small-en-v15-q, heldout, 0.6",
            "all-minilm-l6-v2-q, headlines, 0.42", "all-minilm-l6-v2-q, heldout, 0.31"})
    void should_find_the_topics_of_labelled_headlines(String modelName, String set, double floor) throws IOException {
        LabelledHeadlines headlines = LabelledHeadlines.load(set);
        assertThat(headlines.texts()).hasSizeGreaterThanOrEqualTo(300);
        assertThat(headlines.topicCount()).isGreaterThanOrEqualTo(10);
        String prefix;
        try (InputStream in = getClass().getResourceAsStream("/config/trends.yaml")) {
            prefix = TrendSettings.load(in, "config/trends.yaml").clustering().topicPrefix();
        }
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (OnnxEmbeddingService model = new OnnxEmbeddingService(modelName,
                EmbeddingConfiguration.onnxModel(modelName, executor), 32, 0.5, new SimpleMeterRegistry(),
                executor)) {
            VectorClustering.Topics topics = VectorClustering.topics(model.embedAll(headlines.texts().stream().map(t -> prefix + t).toList()),
                    new VectorClustering.TopicOptions(40, 3, 1000, 42));
            double ari = headlines.adjustedRandIndex(topics.assignment());
            System.out.printf("[trends] %s '%s' %s: %d headlines, %d topics -> k=%d, silhouette %.4f, ARI %.3f%n",
                    modelName, prefix, set, headlines.texts().size(), headlines.topicCount(), topics.k(),
                    topics.silhouette(), ari);
            assertThat(ari).isGreaterThanOrEqualTo(floor);
        }
    }
}
