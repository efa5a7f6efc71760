package com.misybot.hub.ai;

import java.util.List;

/**
 * Turns text into unit-length vectors (cosine similarity = dot product). The hub's implementation runs an ONNX model
 * in process ({@link OnnxEmbeddingService}); vectors of different models are never compared.
 */
public interface EmbeddingService {

    /** Model id stored with every vector, e.g. {@code bge-small-en-v15-q}. */
    String model();

    int dimensions();

    /** Default similarity threshold of this model for "relevant" (calibrated per model, see README). */
    double defaultMinScore();

    /** Embeds many texts, in batches; the result has the order of {@code texts}. */
    List<float[]> embedAll(List<String> texts);

    default float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }
}
