package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.ai.EmbeddingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Remembers vectors by text, so comparing routers over the labelled set embeds each request once. */
record CachingEmbeddings(EmbeddingService delegate, Map<String, float[]> cache) implements EmbeddingService {

    CachingEmbeddings(EmbeddingService delegate) {
        this(delegate, new ConcurrentHashMap<>());
    }

    @Override
    public String model() {
        return delegate.model();
    }

    @Override
    public int dimensions() {
        return delegate.dimensions();
    }

    @Override
    public double defaultMinScore() {
        return delegate.defaultMinScore();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
        if (!missing.isEmpty()) {
            List<float[]> vectors = delegate.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) {
                cache.put(missing.get(i), vectors.get(i));
            }
        }
        List<float[]> result = new ArrayList<>(texts.size());
        texts.forEach(t -> result.add(cache.get(t)));
        return result;
    }
}
