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

    /**
     * {@link #embedAll}, except that a text the model finds nothing in (blank, or only invisible characters such as
     * U+200B: the model refuses it with IllegalArgumentException) gets null instead of failing the whole batch.
     */
    default List<float[]> embedEach(List<String> texts) {
        try {
            return embedAll(texts);
        } catch (RuntimeException refused) {
            // a batch embedded on several threads wraps the model's refusal (RuntimeException(ExecutionException(...)))
            if (!refusedText(refused)) {
                throw refused;
            }
            List<float[]> vectors = new java.util.ArrayList<>(texts.size());
            for (String text : texts) {
                try {
                    vectors.add(embed(text));
                } catch (IllegalArgumentException nothingToEmbed) {
                    vectors.add(null);
                }
            }
            return vectors;
        }
    }

    private static boolean refusedText(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }
}
