package com.misybot.hub.ai;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.embeddings.*}: which in-process model embeds text, how texts are batched, per-model thresholds. */
@ConfigurationProperties(prefix = "hub.embeddings")
public record EmbeddingProperties(@DefaultValue("bge-small-en-v15-q") String model,
                                  @DefaultValue("32") int batchSize,
                                  @DefaultValue("2") int threads,
                                  @DefaultValue("1") int onnxThreads,
                                  @DefaultValue("10000") long cacheSize,
                                  @DefaultValue("10m") java.time.Duration cacheTtl,
                                  Map<String, Double> minScore) {

    /** The configured default threshold of {@code model}; every shipped model has one. */
    public double minScoreOf(String modelId) {
        Double score = minScore == null ? null : minScore.get(modelId);
        if (score == null) {
            throw new IllegalStateException("hub.embeddings.min-score." + modelId + " is not configured");
        }
        return score;
    }
}
