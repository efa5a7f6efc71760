package com.misybot.hub.privacy;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.springframework.stereotype.Component;

/** The caller's own consents: record a grant or withdrawal, read every purpose's state and the history. */
@Component
public class ConsentRoutes extends IngressRouteBuilder {

    public ConsentRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/me/consents").tag("privacy")
                .post().id("rest-consent-post")
                    .description("Grant or withdraw consent to one purpose (audited)")
                    .consumes("application/json").produces("application/json")
                    .to("direct:consent-post")
                .get().id("rest-consent-list")
                    .description("Every purpose's consent (recorded or default) and the history, newest first")
                    .produces("application/json")
                    .to("direct:consent-list");
        rest("/admin/subjects").tag("privacy")
                .get("/{userId}/consents").id("rest-admin-subject-consents")
                    .description("A user's consents and history (operator, superadmin): the same view the user has")
                    .produces("application/json")
                    .param().name("userId").type(org.apache.camel.model.rest.RestParamType.path).dataType("string")
                        .endParam()
                    .to("direct:admin-subject-consents");

        jsonIngress("consent-post", "consent.request.json")
                .bean("consents", "record")
                .process(reply(201));

        ingress("consent-list")
                .bean("consents", "list")
                .process(reply(200));

        ingress("admin-subject-consents", "userId")
                .bean("consents", "listOf")
                .process(reply(200));
    }
}
