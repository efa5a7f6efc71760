package com.misybot.hub.ai;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A LangChain4j in-process model (the same ONNX file, tokenizer and pooling as LangChain4j's own class for it, read
 * from the model's Maven jar) whose ONNX Runtime session is opened with {@code intraOpThreads} threads per inference
 * and without spinning. LangChain4j opens its session with ONNX Runtime's defaults: one intra-op thread per core
 * that spins after each inference, so a single embedding kept both cores of a 2-core machine busy (27 ms of CPU per
 * text against 17 ms with one thread) and concurrent requests fought the spinning threads. With one thread each
 * inference runs on its caller's thread and several callers run side by side.
 */
final class OnnxSessionModel extends AbstractInProcessEmbeddingModel {

    /** One session per (model file, threads): a session is thread-safe and holds the model's weights. */
    private static final Map<String, OnnxBertBiEncoder> ENCODERS = new ConcurrentHashMap<>();

    private final OnnxBertBiEncoder encoder;
    private final int dimension;

    OnnxSessionModel(String file, PoolingMode pooling, int dimension, int intraOpThreads, Executor executor) {
        super(executor);
        this.dimension = dimension;
        this.encoder = ENCODERS.computeIfAbsent(file + "|" + intraOpThreads, key -> open(file, pooling,
                intraOpThreads));
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return dimension;
    }

    private static OnnxBertBiEncoder open(String file, PoolingMode pooling, int intraOpThreads) {
        try (InputStream model = resource(file + ".onnx"); InputStream tokenizer = resource(file + "-tokenizer.json")) {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, pooling);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedding model " + file, e);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot open the embedding model " + file, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OnnxSessionModel.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the embedding model's file " + name + " is not on the class path");
        }
        return in;
    }
}
