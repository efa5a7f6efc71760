package com.misybot.hub.memory.vector;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier of each labelled knowledge collection: a collection is labelled when at least two distinct
 * {@code metadata.label} values are present and at least 90 % of its documents carry one. The classifier is trained
 * on the first search of the collection and again (in the background, the previous one answering meanwhile) after
 * the collection changed. Only the in-process index holds the documents' vectors; with Atlas no collection is
 * labelled.
 */
public class LabelledCollections implements AutoCloseable {

    /** Metadata key of a document's label. */
    public static final String LABEL = "label";
    private static final Logger log = LoggerFactory.getLogger(LabelledCollections.class);

    private record Trained(long version, LabelClassifier classifier) {
    }

    private final VectorIndex index;
    private final LabelClassifier.Options options;
    private final Timer training;
    private final Map<String, Trained> trained = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Trained>> running = new ConcurrentHashMap<>();
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hub-label-classifier");
        t.setDaemon(true);
        return t;
    });

    public LabelledCollections(VectorIndex index, LabelClassifier.Options options, MeterRegistry meters) {
        this.index = index;
        this.options = options;
        this.training = Timer.builder("hub.search.classifier.training").register(meters);
    }

    /** The classifier of {@code collection}, or empty when it is not labelled (or the index is not in process). */
    public Optional<LabelClassifier> classifier(String collection) {
        long version = collection == null ? -1 : index.version(collection);
        if (version < 0) {
            return Optional.empty();
        }
        Trained current = trained.get(collection);
        if (current != null && current.version() == version) {
            return Optional.ofNullable(current.classifier());
        }
        CompletableFuture<Trained> next = running.get(collection);
        if (next == null) {
            CompletableFuture<Trained> started = new CompletableFuture<>();
            next = running.putIfAbsent(collection, started);
            if (next == null) {
                next = started;
                trainer.execute(() -> {
                    try {
                        Trained t = train(collection);
                        trained.merge(collection, t, (old, neu) -> neu.version() >= old.version() ? neu : old);
                        started.complete(t);
                    } catch (RuntimeException | Error e) {
                        started.completeExceptionally(e);
                    } finally {
                        running.remove(collection, started);
                    }
                });
            }
        }
        if (current != null && current.classifier() != null) {
            return Optional.of(current.classifier());
        }
        try {
            return Optional.ofNullable(next.join().classifier());
        } catch (java.util.concurrent.CompletionException failed) {
            // searched without the classifier (by cosine confidence) rather than failing the search
            log.warn("Could not train the classifier of knowledge collection {}", collection, failed.getCause());
            return Optional.empty();
        }
    }

    private Trained train(String collection) {
        long version = index.version(collection);
        List<VectorDocument> documents = index.knowledge(collection);
        List<float[]> vectors = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (VectorDocument doc : documents) {
            Object label = doc.metadata() == null ? null : doc.metadata().get(LABEL);
            if (label != null && doc.vector() != null) {
                vectors.add(doc.vector());
                labels.add(label.toString());
                distinct.add(label.toString());
            }
        }
        if (distinct.size() < 2 || vectors.size() < 0.9 * documents.size()) {
            return new Trained(version, null);
        }
        long start = System.nanoTime();
        LabelClassifier classifier = training.record(() -> LabelClassifier.train(vectors, labels, options));
        log.info("Trained the classifier of knowledge collection {}: {} documents, {} labels, {} ms", collection,
                vectors.size(), distinct.size(), (System.nanoTime() - start) / 1_000_000);
        return new Trained(version, classifier);
    }

    @Override
    public void close() {
        trainer.shutdownNow();
    }
}
