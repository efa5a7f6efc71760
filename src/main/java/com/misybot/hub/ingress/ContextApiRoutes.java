package com.misybot.hub.ingress;

import com.misybot.hub.platform.web.JsonReplies;
import com.misybot.hub.platform.web.IngressRouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** REST API of session context: read and update the bundle, take and read snapshots (owner, operator, superadmin). */
@Component
public class ContextApiRoutes extends IngressRouteBuilder {

    public ContextApiRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/sessions").tag("context")
                .get("/{sessionId}/context").id("rest-context-get")
                    .description("Read a session's context bundle (served from the cache when present)")
                    .produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:context-get")
                .put("/{sessionId}/context").id("rest-context-put")
                    .description("Update the bundle: {version, summary?, variables?, decisions?, anonymizationLevel?};"
                            + " 409 when version is not the current one")
                    .consumes("application/json").produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:context-put")
                .post("/{sessionId}/snapshots").id("rest-context-snapshot-post")
                    .description("Take an immutable snapshot of the bundle and its turns: 201 {snapshotRef}")
                    .produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:context-snapshot-post");
        rest("/snapshots").tag("context")
                .get("/{snapshotRef}").id("rest-snapshot-get")
                    .description("Read a snapshot (same access rule as its session)")
                    .produces("application/json")
                    .param().name("snapshotRef").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:snapshot-get");

        ingress("context-get", "sessionId")
                .to("direct:context-read")
                .bean("contextBundles", "readable")
                .process(reply(200));

        jsonIngress("context-put", "context-update.request.json", "sessionId")
                // personal data an edit writes into the bundle is pseudonymized per the session's level
                .bean("contextSanitizer", "contextEdit")
                .to("direct:context-update")
                // a stricter level applies to what the session already holds, now rather than at the next sweep
                .filter(exchange -> exchange.getVariable("json", com.fasterxml.jackson.databind.JsonNode.class)
                        .hasNonNull("anonymizationLevel"))
                    .setVariable("contextReply", body())
                    .to("direct:pii-sanitize")
                    .setBody(variable("contextReply"))
                .end()
                .process(reply(200));

        // the access check reads the bundle first, so a foreign session gets 404 before anything is written
        ingress("context-snapshot-post", "sessionId")
                .to("direct:context-read")
                .bean("contextBundles", "readable")
                .to("direct:context-snapshot-create")
                .process(reply(201));

        ingress("snapshot-get", "snapshotRef")
                .to("direct:context-snapshot-read")
                .bean("contextSnapshots", "readable")
                .process(reply(200));
    }
}
