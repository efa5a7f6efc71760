package com.misybot.hub.privacy;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** Retention on its schedule, its dry-run report, a run on demand, and the legal hold of a session (operators). */
@Component
public class RetentionRoutes extends IngressRouteBuilder {

    private final Retention retention;

    public RetentionRoutes(JsonReplies replies, Retention retention) {
        super(replies);
        this.retention = retention;
    }

    @Override
    public void configure() {
        from("timer:retention?delay={{hub.privacy.retention.initial-delay:60s}}&period="
                + retention.policy().interval().toMillis())
                .routeId("retention-timer")
                .bean("retention", "run");

        rest("/admin/retention").tag("privacy")
                .get().id("rest-admin-retention-report")
                    .description("Dry run: per data class, what retention would delete now, and the last runs")
                    .produces("application/json")
                    .to("direct:admin-retention-report")
                .post("/run").id("rest-admin-retention-run")
                    .description("Run retention now (409 while another replica runs it)")
                    .produces("application/json")
                    .to("direct:admin-retention-run");
        rest("/admin/sessions").tag("privacy")
                .put("/{sessionId}/legal-hold").id("rest-admin-session-legal-hold")
                    .description("Set or lift a session's legal hold {hold, reason}: retention keeps all of a held "
                            + "session (audited)")
                    .consumes("application/json").produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:admin-session-legal-hold");

        ingress("admin-retention-report")
                .bean("retention", "report")
                .process(reply(200));

        ingress("admin-retention-run")
                .bean("retention", "runNow")
                .process(reply(200));

        jsonIngress("admin-session-legal-hold", "legal-hold.request.json", "sessionId")
                .bean("retention", "legalHold")
                .process(reply(200));
    }
}
