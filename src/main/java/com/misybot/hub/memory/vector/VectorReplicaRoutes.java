package com.misybot.hub.memory.vector;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Keeps several replicas' in-process indexes in step: each replays the vector writes the others logged in
 * {@code vector_change} ({@link VectorIndexSync}); the log is pruned after a day; the index is compacted when writes
 * fragmented it.
 */
@Component
public class VectorReplicaRoutes extends RouteBuilder {

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        // the last 10 s are read again on every poll: a change whose transaction committed late is not skipped
        from("timer:vector-index-sync?delay=5000&period={{hub.vector.sync-interval-millis}}")
                .routeId("vector-index-sync")
                .setBody(method("vectorIndexSync", "since(10)"))
                .to("sql:classpath:sql/vector-change-since.sql?outputType=SelectList")
                .filter(simple("${body.size} > 0"))
                    .bean("vectorIndexSync", "apply")
                .end();

        // writes leave small segments (one HNSW graph each, all walked by every search): merge them now and then
        from("timer:vector-index-compact?delay=60000&period={{hub.vector.hnsw.compact-interval-millis}}")
                .routeId("vector-index-compact")
                .bean("vectorIndex", "compact({{hub.vector.hnsw.max-segments}})");

        from("timer:vector-change-prune?period=3600000").routeId("vector-change-prune")
                .to("sql:classpath:sql/vector-change-prune.sql");
    }
}
