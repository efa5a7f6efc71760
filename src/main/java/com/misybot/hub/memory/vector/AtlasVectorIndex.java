package com.misybot.hub.memory.vector;

import static com.mongodb.client.model.search.SearchPath.fieldPath;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.search.VectorSearchOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * MongoDB Atlas Vector Search ({@code hub.vector.index=atlas}): {@code $vectorSearch} on the {@code embeddings}
 * collection with the filters as pre-filters and {@code numCandidates} = {@code atlas-candidates-factor} (≥ 20) ×
 * limit. MongoDB keeps its index in step with the collection itself, so upserts and deletes need nothing here. The
 * Atlas index definition is in docs/atlas-vector-index.json.
 */
public class AtlasVectorIndex implements VectorIndex {

    private final MongoCollection<Document> embeddings;
    private final String indexName;
    private final int candidatesFactor;
    private final String model;

    public AtlasVectorIndex(MongoCollection<Document> embeddings, String indexName, int candidatesFactor,
                            String model) {
        this.embeddings = embeddings;
        this.indexName = indexName;
        this.candidatesFactor = Math.max(20, candidatesFactor);
        this.model = model;
    }

    @Override
    public void upsert(Collection<VectorDocument> documents) {
        // Atlas indexes the collection on its own
    }

    @Override
    public void delete(Collection<String> sourceIds) {
        // Atlas indexes the collection on its own
    }

    @Override
    public List<VectorHit> search(VectorQuery query) {
        List<Double> vector = VectorDocuments.toList(query.vector());
        VectorSearchOptions options = query.exact() ? VectorSearchOptions.exactVectorSearchOptions()
                : VectorSearchOptions.approximateVectorSearchOptions((long) query.topK() * candidatesFactor);
        List<Bson> pipeline = List.of(
                Aggregates.vectorSearch(fieldPath("vector"), vector, indexName, query.topK(),
                        options.filter(filter(query))),
                Aggregates.project(Projections.fields(Projections.exclude("vector"),
                        Projections.metaVectorSearchScore("score"))));
        List<VectorHit> hits = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Document bson : embeddings.aggregate(pipeline)) {
            // for cosine similarity Atlas scores (1 + cos) / 2
            double cosine = 2 * bson.getDouble("score") - 1;
            bson.put("vector", List.of());
            VectorDocument doc = VectorDocuments.fromBson(bson);
            if (cosine >= query.minScore() && !doc.expired(now)) {
                hits.add(new VectorHit(doc, cosine));
            }
        }
        return hits;
    }

    private Bson filter(VectorQuery query) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("model", model));
        if (query.kinds() != null && !query.kinds().isEmpty()) {
            filters.add(Filters.in("kind", query.kinds()));
        }
        if (query.collection() != null) {
            filters.add(Filters.eq("collection", query.collection()));
        }
        if (query.sessionId() != null) {
            filters.add(Filters.eq("sessionId", query.sessionId()));
        }
        if (query.ownerId() != null) {
            filters.add(Filters.eq("ownerId", query.ownerId()));
        }
        if (query.agent() != null) {
            filters.add(Filters.eq("agent", query.agent()));
        }
        if (query.metadata() != null) {
            for (Map.Entry<String, String> e : query.metadata().entrySet()) {
                filters.add(Filters.eq("metadata." + e.getKey(), e.getValue()));
            }
        }
        return Filters.and(filters);
    }

    @Override
    public int size() {
        return -1;
    }
}
