package com.misybot.hub.memory.vector;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Semantic memory routes: vectors written to MongoDB's {@code embeddings} collection (camel-mongodb) and, in the same
 * route, to the search index; the background embedding of stored turns; k-means over stored vectors.
 */
@Component
public class SemanticMemoryRoutes extends RouteBuilder {

    private static final String EMBEDDINGS = "mongodb:mongoClient?database={{hub.mongo.database}}"
            + "&collection={{hub.vector.collection}}&operation=";

    @Override
    public void configure() {
        // called via direct: errors go back to the caller (problem+json for the API, retry next tick for the timer)
        errorHandler(noErrorHandler());

        // body: List<VectorDocument>; MongoDB first (the record), then the index, then stale search answers out
        from("direct:vector-upsert").routeId("vector-upsert")
                .setVariable("vectors", body())
                .bean("vectorDocuments", "upserts")
                .to(EMBEDDINGS + "bulkWrite")
                .setBody(variable("vectors"))
                .bean("vectorIndex", "upsert")
                .bean("searchCache", "invalidate")
                .setBody(variable("vectors"));

        // body: List<String> source ids; header CamelMongoDbRecordsAffected tells how many were stored
        from("direct:vector-delete").routeId("vector-delete")
                .setVariable("sourceIds", body())
                .bean("vectorDocuments", "removeFilter")
                .to(EMBEDDINGS + "remove")
                .setBody(variable("sourceIds"))
                .bean("vectorIndex", "delete")
                .bean("searchCache", "bump(global)");

        // every stored turn is embedded off the request path: pending rows in batches, marked once stored
        from("timer:turn-embedding?delay=2000&period={{hub.vector.turn-embedding.interval-millis}}")
                .routeId("turn-embedding")
                .setHeader("batchSize", simple("{{hub.vector.turn-embedding.batch-size}}", Integer.class))
                .to("sql:classpath:sql/turn-embedding-pending.sql?outputType=SelectList")
                .filter(simple("${body.size} > 0"))
                    .bean("turnEmbeddings", "documents")
                    .to("direct:vector-upsert")
                    .bean("turnEmbeddings", "embedded")
                    .to("sql:classpath:sql/turn-embedding-done.sql?batch=true")
                    .log("Embedded ${header.CamelSqlUpdateCount} turn(s)")
                .end();

        // headers kind and k: k-means clusters of the stored vectors of one kind (the trend scanner's helper)
        from("direct:vector-cluster").routeId("vector-cluster")
                .bean("vectorClustering", "cluster(${header.kind}, ${header.k})");

        // expired vectors leave the in-process index (MongoDB's TTL monitor removes them from the collection)
        from("timer:vector-expiry?period=60000").routeId("vector-expiry")
                .bean("vectorIndex", "sweepExpired");
    }
}
