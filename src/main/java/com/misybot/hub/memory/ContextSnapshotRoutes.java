package com.misybot.hub.memory;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Context snapshots: {@code context-snapshot-create} (variable {@code sessionId}; body after: {snapshotRef}) and
 * {@code context-snapshot-read} (variable {@code snapshotRef}; body after: the snapshot). Agents get a snapshotRef
 * instead of the live bundle, so what they work from never moves under them. Access is checked by the caller.
 */
@Component
public class ContextSnapshotRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // called via direct: errors go back to the caller's error handling (problem+json for HTTP)
        errorHandler(noErrorHandler());

        // read from PostgreSQL, never the cache: a snapshot must be the committed state, in one statement
        from("direct:context-snapshot-create").routeId("context-snapshot-create")
                .bean("contextBundles", "select")
                .to("sql:classpath:sql/context-snapshot-source.sql?outputType=SelectOne&outputHeader=snapshotSource")
                .bean("contextSnapshots", "create")
                .to("sql:classpath:sql/context-snapshot-insert.sql?noop=true")
                .log("Snapshot ${body[ref]} of session ${body[sessionId]} at version ${body[bundleVersion]}")
                .bean("contextSnapshots", "created");

        from("direct:context-snapshot-read").routeId("context-snapshot-read")
                .bean("contextSnapshots", "select")
                .to("sql:classpath:sql/context-snapshot-select.sql?outputType=SelectOne&outputHeader=snapshotRow")
                .bean("contextSnapshots", "view");
    }
}
