package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * Admin API of operator routes (issue 13): submit YAML as a candidate version, activate, roll back, retire, list,
 * diff. Writes need operator or superadmin, reads also auditor (SecurityConfiguration); errors are problem+json.
 */
@Component
public class RouteAdminRoutes extends IngressRouteBuilder {

    public RouteAdminRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/admin/routes").tag("operator routes")
                .post().id("rest-admin-routes-submit")
                    .description("Validate operator YAML (a unit: one file, one or more routes and templates) and "
                            + "store it as a candidate version; 422 with errors[{line, column, message}] if refused")
                    .consumes("application/yaml").produces("application/json").to("direct:admin-routes-submit")
                .get().id("rest-admin-routes-list")
                    .description("Every unit with its active version and what this replica runs")
                    .produces("application/json").to("direct:admin-routes-list")
                .get("/{routeId}/versions").id("rest-admin-route-versions")
                    .description("Versions of a unit (routeId: the unit or any route it defines), newest first")
                    .produces("application/json").to("direct:admin-route-versions")
                .get("/{routeId}/versions/{version}/diff").id("rest-admin-route-diff")
                    .description("Unified diff of a version against another (default: the active one)")
                    .produces("application/json")
                    .param().name("against").type(RestParamType.query).dataType("integer").required(false)
                        .description("version to compare with").endParam()
                    .to("direct:admin-route-diff")
                .post("/{routeId}/versions/{version}/activate").id("rest-admin-route-activate")
                    .description("Make a version serve, without failing a request; answers once it serves")
                    .produces("application/json").to("direct:admin-route-activate")
                .post("/{routeId}/rollback").id("rest-admin-route-rollback")
                    .description("Back to the version that served before ({}), or to {\"version\": n}")
                    .consumes("application/json").produces("application/json").to("direct:admin-route-rollback")
                .delete("/{routeId}").id("rest-admin-route-retire")
                    .description("Stop and remove the unit's routes; its versions stay")
                    .produces("application/json").to("direct:admin-route-retire");

        ingress("admin-routes-submit").bean("routeAdmin", "submit").process(reply(201));
        ingress("admin-routes-list").bean("routeAdmin", "list").process(reply(200));
        ingress("admin-route-versions", "routeId").bean("routeAdmin", "versions").process(reply(200));
        ingress("admin-route-diff", "routeId", "version", "against").bean("routeAdmin", "diff").process(reply(200));
        ingress("admin-route-activate", "routeId", "version").bean("routeAdmin", "activate").process(reply(200));
        jsonIngress("admin-route-rollback", "route-rollback.request.json", "routeId")
                .bean("routeAdmin", "rollback").process(reply(200));
        ingress("admin-route-retire", "routeId").bean("routeAdmin", "retire").process(reply(200));
    }
}
