package com.misybot.hub.admin;

import com.misybot.hub.ingress.IngressRouteConfiguration;
import com.misybot.hub.ingress.JsonReplies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Admin API for identities (superadmin only, enforced by SecurityConfiguration): users and API keys. */
@Component
public class AdminRoutes extends RouteBuilder {

    private final JsonReplies replies;

    public AdminRoutes(JsonReplies replies) {
        this.replies = replies;
    }

    @Override
    public void configure() {
        rest("/admin").tag("admin")
                .post("/users").id("rest-admin-user-create")
                    .description("Create a user with roles (superadmin only)")
                    .consumes("application/json").produces("application/json")
                    .to("direct:admin-user-create")
                .post("/api-keys").id("rest-admin-api-key-create")
                    .description("Create a service API key with one role; the key is shown only in this answer")
                    .consumes("application/json").produces("application/json")
                    .to("direct:admin-api-key-create");

        from("direct:admin-user-create").routeId("admin-user-create").routeConfigurationId(IngressRouteConfiguration.ID)
                .process("ingressRequest")
                .process("jsonBody")
                .to("json-validator:{{hub.ingress.schemas}}/user-create.request.json")
                .bean("userAdmin", "createUser")
                .process(replies.status(201));

        from("direct:admin-api-key-create").routeId("admin-api-key-create")
                .routeConfigurationId(IngressRouteConfiguration.ID)
                .process("ingressRequest")
                .process("jsonBody")
                .to("json-validator:{{hub.ingress.schemas}}/api-key-create.request.json")
                .bean("userAdmin", "createApiKey")
                .process(replies.status(201));
    }
}
