package com.misybot.hub.processors;

import com.misybot.hub.ai.EmbeddingService;
import org.springframework.stereotype.Component;

/** {@code embedText}: the body text as a unit-length vector of the hub's embedding model. */
@Component("embedText")
public class TextEmbedding {

    private final EmbeddingService embeddings;

    public TextEmbedding(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    public float[] embed(String text) {
        return embeddings.embed(text);
    }
}
