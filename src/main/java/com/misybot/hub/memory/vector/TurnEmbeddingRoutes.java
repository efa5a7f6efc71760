package com.misybot.hub.memory.vector;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Every stored turn is embedded off the request path: pending rows ({@code embedded_at IS NULL}) in batches, upserted
 * as kind {@code turn}, then marked. A failure leaves them pending for the next tick; the upsert is idempotent.
 */
@Component
public class TurnEmbeddingRoutes extends RouteBuilder {

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from("timer:turn-embedding?delay=2000&period={{hub.vector.turn-embedding.interval-millis}}")
                .routeId("turn-embedding")
                .setHeader("batchSize", simple("{{hub.vector.turn-embedding.batch-size}}", Integer.class))
                .setHeader("personalizationDefault", simple("{{hub.privacy.consent.defaults.personalization}}",
                        Boolean.class))
                .to("sql:classpath:sql/turn-embedding-pending.sql?outputType=SelectList")
                .filter(simple("${body.size} > 0"))
                    .setVariable("pendingTurns", body())
                    .bean("turnEmbeddings", "documents")
                    .filter(simple("${body.size} > 0"))
                        .to("direct:vector-upsert")
                    .end()
                    // every pending turn of the batch is done, including one with nothing to embed (no poison turn)
                    .bean("turnEmbeddings", "embedded(${variable.pendingTurns})")
                    .to("sql:classpath:sql/turn-embedding-done.sql?batch=true")
                    .log("Embedded ${header.CamelSqlUpdateCount} turn(s)")
                .end();
    }
}
