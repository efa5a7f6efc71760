package com.misybot.hub.memory;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * A session's context bundle: {@code context-read} (cache-aside over PostgreSQL) and {@code context-update}
 * (read-modify-write under the session's lock, optimistic version check, cache invalidated). Both take the variable
 * {@code sessionId}; the body they leave is a {@link ContextBundles.BundleView}. Access is checked by the caller of
 * context-read and by context-update itself (variable {@code caller}).
 */
@Component
public class ContextBundleRoutes extends RouteBuilder {

    private static final String SELECT = "sql:classpath:sql/context-bundle-view.sql"
            + "?outputType=SelectOne&outputHeader=bundleRow";

    @Override
    public void configure() {
        // called via direct: errors go back to the caller's error handling (problem+json for HTTP)
        errorHandler(noErrorHandler());

        // cache-aside: the cache first; on a miss PostgreSQL, and the entry is stored for hub.context.cache-ttl
        from("direct:context-read").routeId("context-read")
                .setVariable("bundleSelect", method("contextBundles", "select"))
                .to("direct:context-cache-get")
                .bean("contextCacheMetrics", "record")
                .choice()
                    .when(body().isNotNull())
                        .bean("contextBundles", "decode")
                    .otherwise()
                        .setBody(variable("bundleSelect"))
                        .to(SELECT)
                        .bean("contextBundles", "fromRow")
                        .setVariable("bundleView", body())
                        .bean("contextBundles", "encode")
                        .to("direct:context-cache-put")
                        .setBody(variable("bundleView"))
                .end();

        // the lock serializes writers across replicas; the version condition of the UPDATE is what makes a lost
        // update impossible, also against turn appends (which bump the version without taking the lock)
        from("direct:context-update").routeId("context-update")
                .setVariable("lockToken", method("contextLocks", "acquire"))
                .doTry()
                    .bean("contextBundles", "select")
                    .to(SELECT)
                    .bean("contextBundles", "fromRow")
                    .bean("contextBundles", "update")
                    .to("sql:classpath:sql/context-bundle-update.sql?outputType=SelectOne&outputHeader=updatedRow")
                    .filter(header("updatedRow").isNull())
                        .bean("contextBundles", "select")
                        .to(SELECT)
                        .bean("contextBundles", "changedMeanwhile")
                    .endDoTry()
                    .to("direct:context-cache-evict")
                    .bean("contextBundles", "updated")
                .doFinally()
                    .bean("contextLocks", "release")
                .end();
    }
}
