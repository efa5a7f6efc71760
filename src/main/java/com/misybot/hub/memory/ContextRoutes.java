package com.misybot.hub.memory;

import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Context store routes over PostgreSQL (camel-sql): append a turn to a session's bundle and read a session back.
 * Bodies are parameter maps built by {@link ContextCommands}; SQL lives in {@code src/main/resources/sql}.
 */
@Component
public class ContextRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // these routes are called via direct: errors go back to the caller's error handling (problem+json, DLQ, ...)
        errorHandler(noErrorHandler());

        // one statement upserts the bundle, inserts the turn and its bus message (outbox), so all are written or none;
        // a bundle owned by someone else (or soft-deleted) yields no row -> 404
        from("direct:context-turn-append").routeId("context-turn-append")
                // parametersCount spares the JDBC parameter-metadata round trip on every call
                .to("sql:classpath:sql/context-turn-append.sql?outputType=SelectOne&outputHeader=appendedTurn"
                        + "&parametersCount=17")
                .filter(header("appendedTurn").isNull())
                    .throwException(SessionNotFoundException.class, SessionNotFoundException.DETAIL)
                .end()
                // the append changed the bundle (turn count, version): its cached view is now stale
                // variable sessionId from the parameter map (simple's ${body[sessionId]} copies the exchange to read it)
                .process(exchange -> exchange.setVariable("sessionId",
                        exchange.getMessage().getBody(Map.class).get("sessionId")))
                .to("direct:context-cache-evict");

        // the bundle (header "bundle") and its turns (body, oldest first); access is checked by the caller
        from("direct:context-session-read").routeId("context-session-read")
                .to("sql:classpath:sql/context-bundle-select.sql?outputType=SelectOne&outputHeader=bundle")
                .filter(header("bundle").isNull())
                    .throwException(SessionNotFoundException.class, SessionNotFoundException.DETAIL)
                .end()
                .to("sql:classpath:sql/context-turn-select.sql?outputType=SelectList");
    }
}
