package com.misybot.hub.memory.vector;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Vector store routes: vectors written to MongoDB's {@code embeddings} collection (camel-mongodb) and, in the same
 * route, to the search index and the replica change log; expiry; k-means over stored vectors.
 */
@Component
public class VectorStoreRoutes extends RouteBuilder {

    static final String EMBEDDINGS = "mongodb:mongoClient?database={{hub.mongo.database}}"
            + "&collection={{hub.vector.collection}}&operation=";

    @Override
    public void configure() {
        // called via direct: errors go back to the caller (problem+json for the API, retry next tick for timers)
        errorHandler(noErrorHandler());

        // body: List<VectorDocument>; MongoDB first (the record), then the index, then stale search answers out
        from("direct:vector-upsert").routeId("vector-upsert")
                .setVariable("vectors", body())
                .bean("vectorDocuments", "upserts")
                .to(EMBEDDINGS + "bulkWrite")
                .setBody(variable("vectors"))
                .bean("vectorIndex", "upsert")
                .bean("searchCache", "invalidate")
                // other replicas replay the change into their in-process index (route vector-index-sync)
                .setBody(method("vectorDocuments", "sourceIds(${variable.vectors})"))
                .setBody(method("vectorIndexSync", "change('U', ${body})"))
                .to("sql:classpath:sql/vector-change-insert.sql")
                .setBody(variable("vectors"));

        // body: List<String> source ids; header CamelMongoDbRecordsAffected tells how many were stored
        from("direct:vector-delete").routeId("vector-delete")
                .setVariable("sourceIds", body())
                .bean("vectorDocuments", "removeFilter")
                .to(EMBEDDINGS + "remove")
                .setBody(variable("sourceIds"))
                .bean("vectorIndex", "delete")
                .bean("searchCache", "bump('global')")
                .setBody(method("vectorIndexSync", "change('D', ${variable.sourceIds})"))
                .to("sql:classpath:sql/vector-change-insert.sql");

        // expired vectors leave the index and the collection (MongoDB's TTL monitor does the same on a real server;
        // the in-process server of the embedded default has none)
        from("timer:vector-expiry?period=60000").routeId("vector-expiry")
                .to("direct:vector-expire");
        from("direct:vector-expire").routeId("vector-expire")
                .bean("vectorIndex", "sweepExpired")
                .bean("vectorDocuments", "expiredFilter")
                .to(EMBEDDINGS + "remove");

        // headers kind and k: k-means clusters of the stored vectors of one kind (the trend scanner's helper)
        // a data subject's vectors (body: the owner id) as stored, without the vector itself: what an export shows
        // and what an erasure deletes (through vector-delete, so the index and the other replicas follow)
        from("direct:vector-documents-of-owner").routeId("vector-documents-of-owner")
                .setHeader(org.apache.camel.component.mongodb.MongoDbConstants.CRITERIA,
                        method("vectorDocuments", "ownerFilter"))
                .setHeader(org.apache.camel.component.mongodb.MongoDbConstants.FIELDS_PROJECTION,
                        method("vectorDocuments", "withoutVector"))
                .setBody(constant(null))
                .to(EMBEDDINGS + "findAll");

        from("direct:vector-cluster").routeId("vector-cluster")
                .bean("vectorClustering", "cluster(${header.kind}, ${header.k})");
    }
}
