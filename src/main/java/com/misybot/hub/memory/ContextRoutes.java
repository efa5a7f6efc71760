package com.misybot.hub.memory;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Context store routes over PostgreSQL (camel-sql): append a turn to a session's bundle and read a session back.
 * Bodies are parameter maps built by {@link ContextCommands}; SQL lives in {@code src/main/resources/sql}.
 */
@Component
public class ContextRoutes extends RouteBuilder {

    static final ProblemException SESSION_NOT_FOUND =
            new ProblemException(ProblemType.NOT_FOUND, "No such session for this caller.");

    @Override
    public void configure() {
        // bundle upsert and turn insert commit together; a bundle owned by someone else yields no row -> 404
        from("direct:context-turn-append").routeId("context-turn-append")
                .transacted()
                .to("sql:classpath:sql/context-bundle-upsert.sql?outputType=SelectOne&outputHeader=bundle")
                .filter(header("bundle").isNull())
                    .throwException(SESSION_NOT_FOUND)
                .end()
                .to("sql:classpath:sql/context-turn-insert.sql");

        // the bundle (header "bundle") and its turns (body, oldest first); access is checked by the caller
        from("direct:context-session-read").routeId("context-session-read")
                .to("sql:classpath:sql/context-bundle-select.sql?outputType=SelectOne&outputHeader=bundle")
                .filter(header("bundle").isNull())
                    .throwException(SESSION_NOT_FOUND)
                .end()
                .to("sql:classpath:sql/context-turn-select.sql?outputType=SelectList");
    }
}
