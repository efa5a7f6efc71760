package com.misybot.hub.ai;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * {@link EmbeddingService} over a LangChain4j in-process ONNX model (the model file ships inside its Maven jar, nothing
 * is downloaded): texts are embedded in batches of {@code hub.embeddings.batch-size}, each batch spread over the
 * model's executor, and every vector is normalized to unit length. A few texts ({@value #ON_CALLER_THREAD} at most: a
 * request's query, a caption's variants) are embedded on the caller's thread instead, one after the other: on the
 * shared executor they would wait behind a background batch (up to 64 stored turns), which put seconds on captions.
 */
public class OnnxEmbeddingService implements EmbeddingService, AutoCloseable {

    /** Largest number of texts embedded on the caller's thread. */
    static final int ON_CALLER_THREAD = 8;

    private final String model;
    private final EmbeddingModel onnx;
    private final int batchSize;
    private final double minScore;
    private final Timer timer;
    private final ExecutorService executor;

    public OnnxEmbeddingService(String model, EmbeddingModel onnx, int batchSize, double minScore,
                                MeterRegistry meters, ExecutorService executor) {
        this.executor = executor;
        this.model = model;
        this.onnx = onnx;
        this.batchSize = Math.max(1, batchSize);
        this.minScore = minScore;
        this.timer = Timer.builder("hub.embeddings.batch").tag("model", model).register(meters);
    }

    /** Stops the model's threads. */
    @Override
    public void close() {
        executor.shutdown();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int dimensions() {
        return onnx.dimension();
    }

    @Override
    public double defaultMinScore() {
        return minScore;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        if (texts.size() <= ON_CALLER_THREAD) {
            timer.record(() -> texts.forEach(text -> vectors.add(Vectors.normalize(onnx.embed(text).content()
                    .vector()))));
            return vectors;
        }
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(TextSegment::from).toList();
            List<Embedding> embeddings = timer.record(() -> onnx.embedAll(batch).content());
            for (Embedding embedding : embeddings) {
                vectors.add(Vectors.normalize(embedding.vector()));
            }
        }
        return vectors;
    }
}
