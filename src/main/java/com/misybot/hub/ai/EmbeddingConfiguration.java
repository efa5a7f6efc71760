package com.misybot.hub.ai;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/** The in-process embedding model chosen by {@code hub.embeddings.model}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddingProperties.class)
public class EmbeddingConfiguration {

    /** Model ids accepted by {@code hub.embeddings.model}. */
    public static final String BGE_SMALL = "bge-small-en-v15-q";
    public static final String MINILM = "all-minilm-l6-v2-q";

    /**
     * The model's threads are its own (an Executor bean would make Spring Boot drop its task executor, which
     * platform-http needs); they stop with the context.
     */
    @Bean(destroyMethod = "close")
    EmbeddingService embeddingService(EmbeddingProperties properties, MeterRegistry meters) {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, properties.threads()),
                new CustomizableThreadFactory("hub-embed-"));
        OnnxEmbeddingService model = new OnnxEmbeddingService(properties.model(), onnxModel(properties.model(),
                executor, properties.onnxThreads()), properties.batchSize(), properties.minScoreOf(properties.model()),
                meters, executor);
        // hub.embeddings.cache-size 0 turns the cache of recent vectors off
        return properties.cacheSize() <= 0 ? model
                : new CachingEmbeddingService(model, properties.cacheSize(), properties.cacheTtl(), meters);
    }

    /**
     * The in-process ONNX model of {@code id} as the hub runs it: one ONNX Runtime thread per inference
     * ({@link OnnxSessionModel}); also used directly by bench/vector.sh as the baseline.
     */
    public static EmbeddingModel onnxModel(String id, ExecutorService executor) {
        return onnxModel(id, executor, 1);
    }

    /**
     * The in-process ONNX model of {@code id} whose session runs each inference on {@code onnxThreads} threads; 0
     * returns LangChain4j's own class for it, whose session has ONNX Runtime's defaults (a spinning thread per core).
     */
    public static EmbeddingModel onnxModel(String id, ExecutorService executor, int onnxThreads) {
        return switch (id) {
            case BGE_SMALL -> onnxThreads <= 0 ? new BgeSmallEnV15QuantizedEmbeddingModel(executor)
                    : new OnnxSessionModel("bge-small-en-v1.5-q", PoolingMode.CLS, 384, onnxThreads, executor);
            case MINILM -> onnxThreads <= 0 ? new AllMiniLmL6V2QuantizedEmbeddingModel(executor)
                    : new OnnxSessionModel("all-minilm-l6-v2-q", PoolingMode.MEAN, 384, onnxThreads, executor);
            default -> throw new IllegalStateException("hub.embeddings.model '" + id + "' is unknown; use "
                    + BGE_SMALL + " or " + MINILM);
        };
    }
}
