package com.misybot.hub.agents.analytics;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.LoggingLevel;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * Analytics-reporter's platform side: the counting of analytics events (route {@code analytics-count}, called by
 * the agent's YAML route), the KPIs and reports API, and the daily report (route {@code analytics-daily-report}:
 * every hub.analytics.tick-millis it checks whether yesterday's report is due; one replica writes it).
 */
@Component
public class AnalyticsRoutes extends IngressRouteBuilder {

    public AnalyticsRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/analytics").tag("analytics")
                .get("/kpis").id("rest-analytics-kpis")
                    .description("KPIs of the hourly rollups over [from, to): success rates of agent tasks and "
                            + "pipeline runs, LLM cost per task, views, CTR, engagement rate, shares per hour")
                    .produces("application/json")
                    .param().name("from").type(RestParamType.query).dataType("string").required(false)
                        .description("a date (2026-11-21) or instant, rounded down to the hour (default: 7 days "
                                + "before to)").endParam()
                    .param().name("to").type(RestParamType.query).dataType("string").required(false)
                        .description("a date or instant, rounded down to the hour, excluded (default: the next "
                                + "hour)").endParam()
                    .param().name("groupBy").type(RestParamType.query).dataType("string").required(false)
                        .description("none (default), agent, pipeline, platform, contentType, day or hour")
                        .endParam()
                    .to("direct:analytics-kpis")
                .get("/reports").id("rest-analytics-reports")
                    .description("The daily analytics reports, newest first, with the channels each was sent to")
                    .produces("application/json")
                    .param().name("limit").type(RestParamType.query).dataType("integer").required(false)
                        .description("at most this many reports (1..366, default 30)").endParam()
                    .to("direct:analytics-reports");

        ingress("analytics-kpis", "from", "to", "groupBy").bean("analyticsKpis", "kpis").process(reply(200));
        ingress("analytics-reports", "limit").bean("analyticsReports", "list").process(reply(200));

        // an analytics.* event from the agent's queue; errors go back to the agent route (route configuration
        // agent-bus: retries, then its dead-letter queue; a refused event at once)
        from("direct:analytics-count").routeId("analytics-count")
                .errorHandler(noErrorHandler())
                .bean("analyticsRollups", "count")
                .log(LoggingLevel.DEBUG, "Analytics event ${variable.busMessageId}: ${body}");

        from("timer:analytics-daily-report?delay=5000&period={{hub.analytics.tick-millis}}")
                .routeId("analytics-daily-report")
                .errorHandler(noErrorHandler())
                .bean("analyticsReports", "runDue")
                .filter(body().isNotNull())
                    .log("Daily analytics report of ${body} written");
    }
}
