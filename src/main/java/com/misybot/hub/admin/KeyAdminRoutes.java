package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * Admin API of key management (superadmin) and of the audit log (auditor, superadmin); who may call is enforced by
 * SecurityConfiguration.
 */
@Component
public class KeyAdminRoutes extends IngressRouteBuilder {

    public KeyAdminRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/admin/keys").tag("keys")
                .get().id("rest-admin-keys")
                    .description("Data keys (rows per key, re-encryption pending), JWT signing keys, audit MAC key")
                    .produces("application/json").to("direct:admin-keys")
                .post("/rotate").id("rest-admin-keys-rotate")
                    .description("New primary keys without downtime: {\"keys\":[\"data\",\"jwt\",\"audit\"]}, {} = all")
                    .consumes("application/json").produces("application/json").to("direct:admin-keys-rotate");

        rest("/admin/audit").tag("audit")
                .get().id("rest-admin-audit")
                    .description("Audit records, oldest first")
                    .produces("application/json")
                    .param().name("from").type(RestParamType.query).dataType("string")
                        .description("ISO-8601 instant, inclusive").endParam()
                    .param().name("to").type(RestParamType.query).dataType("string")
                        .description("ISO-8601 instant, exclusive").endParam()
                    .param().name("actor").type(RestParamType.query).dataType("string").endParam()
                    .param().name("action").type(RestParamType.query).dataType("string").endParam()
                    .param().name("after").type(RestParamType.query).dataType("integer")
                        .description("only records with seq greater than this (paging)").endParam()
                    .param().name("limit").type(RestParamType.query).dataType("integer")
                        .description("1..1000, default 100").endParam()
                    .to("direct:admin-audit")
                .get("/verify").id("rest-admin-audit-verify")
                    .description("Verify the whole chain and its signed checkpoints: {ok, checked, firstBrokenSeq, reason}")
                    .produces("application/json").to("direct:admin-audit-verify");

        ingress("admin-keys").bean("keyAdmin", "status").process(reply(200));
        jsonIngress("admin-keys-rotate", "keys-rotate.request.json").bean("keyAdmin", "rotate").process(reply(200));
        ingress("admin-audit", "from", "to", "actor", "action", "after", "limit").bean("auditAdmin", "find")
                .process(reply(200));
        ingress("admin-audit-verify").bean("auditAdmin", "verify").process(reply(200));
    }
}
