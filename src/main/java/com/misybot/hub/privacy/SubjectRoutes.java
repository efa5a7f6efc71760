package com.misybot.hub.privacy;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** Erasure: of oneself, of any subject (superadmin), its receipt, and the timer that finishes interrupted ones. */
@Component
public class SubjectRoutes extends IngressRouteBuilder {

    static final String STATUS = "erasureStatus";

    public SubjectRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        from("timer:erasure-resume?delay=10000&period={{hub.privacy.erasure.resume-interval:10s}}")
                .routeId("erasure-resume")
                .bean("subjectData", "resumeOne");

        rest("/me").tag("privacy")
                .delete().id("rest-me-erase")
                    .description("Erase everything the hub holds about the caller, in every store (GDPR Art. 17): "
                            + "200 with the receipt, 202 when a step is still being retried")
                    .produces("application/json")
                    .to("direct:me-erase");
        rest("/admin/subjects").tag("privacy")
                .post("/{userId}/erase").id("rest-admin-subject-erase")
                    .description("Erase a data subject (superadmin): 200 with the receipt, 202 when a step is still "
                            + "being retried")
                    .produces("application/json")
                    .param().name("userId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:admin-subject-erase");
        rest("/admin/erasures").tag("privacy")
                .get("/{erasureId}").id("rest-admin-erasure-get")
                    .description("An erasure's receipt (superadmin)")
                    .produces("application/json")
                    .param().name("erasureId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:admin-erasure-get");

        // the caller erases themself; a superadmin erases the subject of the path
        ingress("me-erase")
                .bean("subjectData", "eraseRequest")
                .process(replyWithStatusOf(STATUS));

        ingress("admin-subject-erase", "userId")
                .bean("subjectData", "eraseRequest")
                .process(replyWithStatusOf(STATUS));

        ingress("admin-erasure-get", "erasureId")
                .bean("subjectData", "receipt(${variable.erasureId})")
                .process(reply(200));
    }
}
