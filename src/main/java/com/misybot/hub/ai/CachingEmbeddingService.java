package com.misybot.hub.ai;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.misybot.hub.platform.Sha256;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link EmbeddingService} that embeds a text once while it is recent: one user message is embedded by front-desk to
 * route it, by the agent that answers it (the FAQ's or the templates' query) and by the background turn embedding,
 * and the model gives the same vector every time. Vectors are kept in a Caffeine cache of at most {@code maxEntries}
 * (1.5 KiB each at 384 dimensions) for {@code ttl} after their last use, keyed by the SHA-256 of the text, so the
 * texts themselves are not held; the texts missing from the cache are embedded together by the model, in one call.
 * Each caller gets its own copy of a vector. Hits and misses are the meters {@code cache.gets{cache=embeddings}}.
 */
public class CachingEmbeddingService implements EmbeddingService, AutoCloseable {

    private final EmbeddingService model;
    private final Cache<String, float[]> vectors;

    public CachingEmbeddingService(EmbeddingService model, long maxEntries, Duration ttl, MeterRegistry meters) {
        this.model = model;
        this.vectors = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterAccess(ttl).recordStats().build();
        CaffeineCacheMetrics.monitor(meters, vectors, "embeddings");
    }

    /** Closes the model when it holds threads of its own. */
    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String model() {
        return model.model();
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public double defaultMinScore() {
        return model.defaultMinScore();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        float[][] out = new float[texts.size()][];
        String[] keys = new String[texts.size()];
        // each text missing from the cache, once, and where its vector goes
        java.util.Map<String, Integer> missing = new java.util.LinkedHashMap<>();
        List<String> missingTexts = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            keys[i] = Sha256.hex(texts.get(i));
            float[] cached = vectors.getIfPresent(keys[i]);
            if (cached != null) {
                out[i] = cached.clone();
            } else if (missing.putIfAbsent(keys[i], missingTexts.size()) == null) {
                missingTexts.add(texts.get(i));
            }
        }
        if (!missingTexts.isEmpty()) {
            // a text the model refuses fails the call as the model would, and nothing of the call is cached
            List<float[]> embedded = model.embedAll(missingTexts);
            missing.forEach((key, j) -> vectors.put(key, embedded.get(j)));
            for (int i = 0; i < texts.size(); i++) {
                if (out[i] == null) {
                    out[i] = embedded.get(missing.get(keys[i])).clone();
                }
            }
        }
        return java.util.Arrays.asList(out);
    }
}
