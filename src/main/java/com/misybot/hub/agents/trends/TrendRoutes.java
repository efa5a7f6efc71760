package com.misybot.hub.agents.trends;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * REST API of the trend scanner and its scheduled scan (route {@code trend-scan}: every hub.trends.tick-millis, on
 * the replica that takes the lock; the others skip that tick).
 */
@Component
public class TrendRoutes extends IngressRouteBuilder {

    public TrendRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/trends").tag("trends")
                .get().id("rest-trends-list")
                    .description("Trends (clusters of signals) ranked by ViralScore, with size, mentions, examples, "
                            + "first and last seen")
                    .produces("application/json")
                    .param().name("window").type(RestParamType.query).dataType("string").required(false)
                        .description("only signals of this last span count: 24h, 90m, 7d (default 72h, at most 30d)")
                        .endParam()
                    .param().name("platform").type(RestParamType.query).dataType("string").required(false)
                        .description("only signals of this platform (tiktok, web, ...)").endParam()
                    .param().name("limit").type(RestParamType.query).dataType("integer").required(false)
                        .description("at most this many trends (1..100, default 10)").endParam()
                    .to("direct:trends-list")
                .post("/signals").id("rest-trends-upload")
                    .description("Upload signals as CSV (header row: title, and any of platform, publishedAt, "
                            + "mentions, engagements, impressions, url, id); a bad row refuses the whole file")
                    .consumes("text/csv").produces("application/json").to("direct:trends-upload")
                .get("/sources").id("rest-trends-sources")
                    .description("The sources of config/trends.yaml: when, by which replica and how each was read")
                    .produces("application/json").to("direct:trends-sources");

        ingress("trends-list", "window", "platform", "limit").bean("trends", "list").process(reply(200));
        ingress("trends-upload").convertBodyTo(String.class).bean("trends", "upload").process(reply(202));
        ingress("trends-sources").bean("trends", "sources").process(reply(200));

        from("timer:trend-scan?delay=3000&period={{hub.trends.tick-millis}}").routeId("trend-scan")
                .errorHandler(noErrorHandler())
                .bean("trendScanner", "scan")
                .filter(simple("${body.changed}"))
                    .log("Trend scan: ${body}")
                .end();
    }
}
