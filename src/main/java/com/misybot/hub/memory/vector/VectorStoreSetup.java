package com.misybot.hub.memory.vector;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * At start, before the hub serves: creates the indexes of the {@code embeddings} collection (compound
 * {@code (sessionId, createdAt)}, unique {@code (sourceId, model)}, TTL on {@code expiresAt}) and rebuilds the
 * in-process index from the vectors of the configured model.
 */
public class VectorStoreSetup implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(VectorStoreSetup.class);
    private static final int BATCH = 1000;

    private final MongoCollection<Document> embeddings;
    private final VectorIndex index;
    private final String model;
    private final Runnable markChangeLogEnd;

    /** {@code markChangeLogEnd} runs just before the rebuild: changes logged after it are replayed by the sync. */
    public VectorStoreSetup(MongoCollection<Document> embeddings, VectorIndex index, String model,
                            Runnable markChangeLogEnd) {
        this.embeddings = embeddings;
        this.index = index;
        this.model = model;
        this.markChangeLogEnd = markChangeLogEnd;
    }

    @Override
    public void afterPropertiesSet() {
        embeddings.createIndex(Indexes.ascending("sessionId", "createdAt"),
                new IndexOptions().name("sessionId_createdAt"));
        embeddings.createIndex(Indexes.ascending("sourceId", "model"),
                new IndexOptions().name("sourceId_model_unique").unique(true));
        embeddings.createIndex(Indexes.ascending("expiresAt"),
                new IndexOptions().name("expiresAt_ttl").expireAfter(0L, TimeUnit.SECONDS));
        if (index instanceof InProcessVectorIndex) {
            markChangeLogEnd.run();
            rebuild();
            index.compact(1);
        }
    }

    /** Loads every vector of the configured model into the in-process index; returns how many. */
    public int rebuild() {
        long start = System.nanoTime();
        int total = 0;
        List<VectorDocument> batch = new ArrayList<>(BATCH);
        for (Document bson : embeddings.find(Filters.eq("model", model)).batchSize(BATCH)) {
            batch.add(VectorDocuments.fromBson(bson));
            if (batch.size() == BATCH) {
                index.upsert(batch);
                total += batch.size();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            index.upsert(batch);
            total += batch.size();
        }
        LOG.info("Vector index rebuilt from MongoDB: {} vectors of model {} in {} ms", total, model,
                (System.nanoTime() - start) / 1_000_000);
        return total;
    }
}
