package com.misybot.hub.privacy;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The sanitizer's sweep of every session on a timer, and of one session after its level changed. */
@Component
public class SanitizerRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:pii-sanitize?delay=5000&period={{hub.privacy.pseudonymization.sanitize-interval:30s}}")
                .routeId("pii-sanitize-timer")
                .to("direct:pii-sanitize");

        // variable sessionId set: that session only (PUT .../context changed its level)
        from("direct:pii-sanitize").routeId("pii-sanitize")
                .bean("contextSanitizer", "sweep")
                .split(body())
                    .setVariable("sessionId", body())
                    .to("direct:context-cache-evict")
                .end();
    }
}
