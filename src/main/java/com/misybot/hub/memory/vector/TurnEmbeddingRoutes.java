package com.misybot.hub.memory.vector;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Background embedding off the request path. {@link #backgroundEmbedding} adds such a route to a builder: every
 * tick, the pending rows of {@code pendingSql} (in batches of hub.vector.turn-embedding.batch-size, one after the
 * other as long as the last was full) become documents
 * through bean {@code documents} ({@code documents(rows)}), are upserted, and are marked with {@code doneSql}
 * (parameters from {@code embedded(rows)}), embedded or not, so a row with nothing to embed cannot stop the queue. A
 * failure leaves the batch pending for the next tick; the upsert is idempotent, so two replicas embedding the same
 * row is harmless. Route {@code turn-embedding} embeds stored turns (kind turn), route {@code artifact-embedding} the
 * agents' generated artifacts (kind artifact, {@link ArtifactEmbeddings}); content versions use it too.
 */
@Component
public class TurnEmbeddingRoutes extends RouteBuilder {

    @Override
    public void configure() {
        backgroundEmbedding(this, "turn-embedding", "sql/turn-embedding-pending.sql", "sql/turn-embedding-done.sql",
                "turnEmbeddings", "turn(s)");
        backgroundEmbedding(this, "artifact-embedding", "sql/artifact-embedding-pending.sql",
                "sql/artifact-embedding-done.sql", "artifactEmbeddings", "artifact(s)");
    }

    /** Adds route {@code routeId} to {@code builder}: see the class comment. */
    public static void backgroundEmbedding(RouteBuilder builder, String routeId, String pendingSql, String doneSql,
                                           String documents, String what) {
        builder.from("timer:" + routeId + "?delay=2000&period={{hub.vector.turn-embedding.interval-millis}}")
                .routeId(routeId).errorHandler(builder.noErrorHandler())
                .setHeader("batchSize", builder.simple("{{hub.vector.turn-embedding.batch-size}}", Integer.class))
                .setHeader("personalizationDefault", builder.simple(
                        "{{hub.privacy.consent.defaults.personalization}}", Boolean.class))
                // a full batch means more may be waiting: the next one follows at once, so that under a sustained
                // load the backlog (gauge hub.embeddings.pending) stays bounded instead of growing by a tick's worth
                .setVariable("moreWaiting", builder.constant(true))
                .loopDoWhile(builder.simple("${variable.moreWaiting}"))
                    .to("sql:classpath:" + pendingSql + "?outputType=SelectList")
                    // at most 100 batches a tick: a done statement that marked nothing would otherwise spin here
                    .setVariable("moreWaiting", builder.simple("${body.size} >= ${header.batchSize} "
                            + "&& ${exchangeProperty.CamelLoopIndex} < 99", Boolean.class))
                    .filter(builder.simple("${body.size} > 0"))
                        .setVariable("pendingRows", builder.body())
                        .bean(documents, "documents")
                        .filter(builder.simple("${body.size} > 0"))
                            .to("direct:vector-upsert")
                        .end()
                        // every pending row of the batch is done, including one with nothing to embed (no poison row)
                        .bean(documents, "embedded(${variable.pendingRows})")
                        .to("sql:classpath:" + doneSql + "?batch=true")
                        .log("Embedded ${header.CamelSqlUpdateCount} " + what)
                    .end()
                .end();
    }
}
