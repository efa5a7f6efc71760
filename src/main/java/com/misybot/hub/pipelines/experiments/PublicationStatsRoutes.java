package com.misybot.hub.pipelines.experiments;

import org.apache.camel.LoggingLevel;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code publication-stats-poll}: every {@code hub.experiments.poll-interval-millis}, the counters of each live
 * post of a running experiment from its platform's stats URL (platforms with one only), stored as the
 * publication's latest snapshot, then that experiment evaluated. One post's failure never stops the others.
 */
@Component
public class PublicationStatsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:publication-stats-poll?delay=15000&period={{hub.experiments.poll-interval-millis:300000}}")
                .routeId("publication-stats-poll")
                .split(method("publicationStats", "due"))
                    .setVariable("poll", body())
                    .doTry()
                        .bean("publicationStats", "check")
                        // nothing of the hub's exchange reaches the platform: a bare GET
                        .removeHeaders("*")
                        .setBody(constant(null))
                        .setHeader("CamelHttpMethod", constant("GET"))
                        .toD("${variable.poll.url}")
                        .bean("publicationStats", "store")
                        .to("direct:experiment-evaluate")
                    .doCatch(HttpOperationFailedException.class).onWhen(simple("${exception.statusCode} == 404"))
                        .log(LoggingLevel.DEBUG, "No stats yet for publication ${variable.poll.publicationId}")
                    .doCatch(Exception.class)
                        .log(LoggingLevel.WARN, "Stats of publication ${variable.poll.publicationId} on "
                                + "${variable.poll.platform} not polled: ${exception.message}")
                    .end()
                .end();
    }
}
