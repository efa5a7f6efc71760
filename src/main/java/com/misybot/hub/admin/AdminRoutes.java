package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.springframework.stereotype.Component;

/** Admin API for identities (superadmin only, enforced by SecurityConfiguration): users and API keys. */
@Component
public class AdminRoutes extends IngressRouteBuilder {

    public AdminRoutes(JsonReplies replies) {
        super(replies);
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

        jsonIngress("admin-user-create", "user-create.request.json")
                .bean("userAdmin", "createUser")
                .process(reply(201));

        jsonIngress("admin-api-key-create", "api-key-create.request.json")
                .bean("userAdmin", "createApiKey")
                .process(reply(201));
    }
}
