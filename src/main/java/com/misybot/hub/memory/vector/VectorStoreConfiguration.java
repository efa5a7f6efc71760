package com.misybot.hub.memory.vector;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.platform.HubProperties;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embeddings collection and the index that searches it ({@code hub.vector.index}: hnsw or atlas). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VectorProperties.class)
public class VectorStoreConfiguration {

    @Bean
    MongoCollection<Document> embeddingsCollection(MongoClient mongo, HubProperties hub, VectorProperties vector) {
        return mongo.getDatabase(hub.mongo().database()).getCollection(vector.collection());
    }

    @Bean
    VectorIndex vectorIndex(VectorProperties vector, MongoCollection<Document> embeddingsCollection,
                            EmbeddingService embeddings) {
        if (vector.atlas()) {
            return new AtlasVectorIndex(embeddingsCollection, vector.atlasIndexName(), vector.atlasCandidatesFactor(),
                    embeddings.model());
        }
        if (!"hnsw".equals(vector.index())) {
            throw new IllegalStateException("hub.vector.index must be hnsw or atlas, not '" + vector.index() + "'");
        }
        VectorProperties.Hnsw hnsw = vector.hnsw();
        return hnsw == null ? new InProcessVectorIndex(16, 100, 100)
                : new InProcessVectorIndex(hnsw.m(), hnsw.beamWidth(), hnsw.efSearch());
    }

    @Bean
    RelevanceCalibration relevanceCalibration(EmbeddingService embeddings) {
        return RelevanceCalibration.load(embeddings);
    }

    @Bean(destroyMethod = "close")
    LabelledCollections labelledCollections(VectorIndex vectorIndex, MeterRegistry meters) {
        return new LabelledCollections(vectorIndex, LabelClassifier.Options.DEFAULT, meters);
    }

    @Bean
    Relevance relevance(VectorIndex vectorIndex, LabelledCollections labelledCollections,
                        RelevanceCalibration relevanceCalibration, VectorProperties vector) {
        if (vector.minConfidence() < 0 || vector.minConfidence() > 1) {
            throw new IllegalStateException("hub.vector.min-confidence must be between 0 and 1, got "
                    + vector.minConfidence());
        }
        return new Relevance(vectorIndex, labelledCollections, relevanceCalibration, vector.minConfidence());
    }

    /** Search answers in Redis when hub.cache.store=redis (services profile), else in memory. */
    @Bean
    SearchCache searchCache(HubProperties hub, VectorProperties vector, ObjectProvider<StringRedisTemplate> redis) {
        if (hub.cache() != null && "redis".equals(hub.cache().store())) {
            StringRedisTemplate template = redis.getIfAvailable();
            if (template == null) {
                throw new IllegalStateException(
                        "hub.cache.store=redis but Redis is not configured: set spring.data.redis.url (HUB_REDIS_URL)");
            }
            return new RedisSearchCache(template, vector.searchCacheTtl());
        }
        return new MemorySearchCache(vector.searchCacheTtl());
    }

    @Bean
    VectorIndexSync vectorIndexSync(VectorIndex vectorIndex, MongoCollection<Document> embeddingsCollection,
                                    EmbeddingService embeddings) {
        return new VectorIndexSync(vectorIndex, embeddingsCollection, embeddings.model());
    }

    @Bean
    VectorStoreSetup vectorStoreSetup(MongoCollection<Document> embeddingsCollection, VectorIndex vectorIndex,
                                      EmbeddingService embeddings, VectorIndexSync vectorIndexSync,
                                      JdbcTemplate jdbc) {
        return new VectorStoreSetup(embeddingsCollection, vectorIndex, embeddings.model(), () -> vectorIndexSync
                .startAt(jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM vector_change", Long.class)));
    }
}
