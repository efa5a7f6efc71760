package com.misybot.hub.agents.scheduler;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * Post-scheduler: the calendar routes the viralization pipeline calls in-process (schedule, cancel as compensation,
 * mark published) and {@code GET /api/v1/calendar}. Contracts of the in-process routes (exchange variables in,
 * body out) are in README "Post scheduler".
 */
@Component
public class PostSchedulerRoutes extends IngressRouteBuilder {

    public PostSchedulerRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        // in-process routes: no error handler of their own, failures go back to the calling route (the saga step)
        // variables runId, ownerId, platforms, publishAt, artifactId -> List<CalendarEntry>;
        // CalendarConflictException when publishAt's slot is taken (nothing is inserted then)
        from("direct:calendar-schedule").routeId("calendar-schedule").errorHandler(noErrorHandler())
                .bean("postScheduler", "schedule");

        // saga compensation: variable runId -> number of entries cancelled (0 when repeated)
        from("direct:calendar-cancel-run").routeId("calendar-cancel-run").errorHandler(noErrorHandler())
                .bean("postScheduler", "cancelRun");

        // variables runId, platform -> the PUBLISHED CalendarEntry
        from("direct:calendar-mark-published").routeId("calendar-mark-published").errorHandler(noErrorHandler())
                .bean("postScheduler", "markPublished");

        rest("/calendar").tag("calendar")
                .get().id("rest-calendar-list")
                    .description("Scheduled posts from..to ordered by publish time: a user's own, or (operator, "
                            + "superadmin) everyone's or one owner's")
                    .produces("application/json")
                    .param().name("from").type(RestParamType.query).dataType("string").required(false)
                        .description("ISO-8601 instant, default now - 1 day").endParam()
                    .param().name("to").type(RestParamType.query).dataType("string").required(false)
                        .description("ISO-8601 instant, default now + 30 days; at most 366 days after from").endParam()
                    .param().name("owner").type(RestParamType.query).dataType("string").required(false)
                        .description("operator and superadmin only: one account's entries").endParam()
                    .to("direct:calendar-list");

        ingress("calendar-list", "from", "to", "owner")
                .bean("postScheduler", "list")
                .process(reply(200));
    }
}
