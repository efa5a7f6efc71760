package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * The operators' context inspector and the console's figures over a time window (operator, auditor, superadmin;
 * every read is an access record of the audit).
 */
@Component
public class OperationsRoutes extends IngressRouteBuilder {

    public OperationsRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/admin/contexts").tag("agents")
                .get("/{sessionId}").id("rest-admin-context-inspect")
                    .description("A session as operators inspect it: bundle, latest turns as stored (surrogates "
                            + "stay surrogates), pipeline runs, active agent, last change and who made it")
                    .produces("application/json")
                    .param().name("turns").type(RestParamType.query).dataType("integer").required(false)
                        .description("Latest turns shown, 1..200, default 20").endParam()
                    .to("direct:admin-context-inspect");

        rest("/admin/metrics").tag("agents")
                .get().id("rest-admin-metrics")
                    .description("Over a time window: each agent's throughput, mean and p95 response time (this "
                            + "replica, last 15 minutes at most), each pipeline's outcomes and durations, LLM calls, "
                            + "tokens and cost, failed and repaired answers, agents' failure replies")
                    .produces("application/json")
                    .param().name("window").type(RestParamType.query).dataType("string").required(false)
                        .description("PT15M, 15m, 1h, 7d: 1 minute to 7 days, default 1 hour").endParam()
                    .to("direct:admin-metrics");

        rest("/admin/logs").tag("agents")
                .get().id("rest-admin-logs")
                    .description("This replica's latest log events (an in-process buffer of the last "
                            + "hub.ops.logs.capacity events), masked like the log, newest last; the live stream is "
                            + "GET /api/v1/admin/logs/stream")
                    .produces("application/json")
                    .param().name("agent").type(RestParamType.query).dataType("string").required(false)
                        .description("Only the routes of this agent").endParam()
                    .param().name("session").type(RestParamType.query).dataType("string").required(false)
                        .description("Only events logged for this session").endParam()
                    .param().name("level").type(RestParamType.query).dataType("string").required(false)
                        .description("Minimum level: TRACE, DEBUG, INFO, WARN, ERROR").endParam()
                    .param().name("from").type(RestParamType.query).dataType("string").required(false)
                        .description("ISO-8601 instant, inclusive").endParam()
                    .param().name("to").type(RestParamType.query).dataType("string").required(false)
                        .description("ISO-8601 instant, exclusive").endParam()
                    .param().name("limit").type(RestParamType.query).dataType("integer").required(false)
                        .description("1..1000, default 100: the newest that match").endParam()
                    .to("direct:admin-logs");

        rest("/admin/alerts").tag("agents")
                .get().id("rest-admin-alerts")
                    .description("Alerts firing now and the 50 latest resolved (every replica's): severity, dedupe "
                            + "key, rule, agent, runbook, the watchdog's recovery, what each channel answered")
                    .produces("application/json")
                    .to("direct:admin-alerts");

        ingress("admin-alerts")
                .bean("alerts", "list")
                .process(reply(200));

        ingress("admin-logs", "agent", "session", "level", "from", "to", "limit")
                .bean("logsAdmin", "query")
                .process(reply(200));

        ingress("admin-metrics", "window")
                .bean("adminMetrics", "metrics")
                .process(reply(200));

        ingress("admin-context-inspect", "sessionId", "turns")
                .bean("contextInspector", "inspect")
                .process(reply(200));
    }
}
