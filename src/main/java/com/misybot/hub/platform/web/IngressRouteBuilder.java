package com.misybot.hub.platform.web;

import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * Base of the RouteBuilders that serve HTTP: the opening every ingress route shares (error mapping, caller and
 * correlation, header hygiene, JSON parsing and schema validation) and the JSON reply that ends it.
 */
public abstract class IngressRouteBuilder extends RouteBuilder {

    /** Id of the route configuration that maps every ingress error to problem+json (ingress/IngressRouteConfiguration). */
    public static final String ROUTE_CONFIGURATION = "ingress";

    private final JsonReplies replies;

    protected IngressRouteBuilder(JsonReplies replies) {
        this.replies = replies;
    }

    /** {@code direct:<id>} with the {@code ingress} route configuration, after the {@code ingressRequest} processor. */
    protected RouteDefinition ingress(String id, String... pathParams) {
        RouteDefinition route = from("direct:" + id).routeId(id).routeConfigurationId(ROUTE_CONFIGURATION);
        // path parameters arrive as headers, which ingressRequest drops: keep them as variables first
        for (String param : pathParams) {
            route.setVariable(param, header(param));
        }
        return route.process("ingressRequest");
    }

    /** {@link #ingress} whose body must be JSON valid against {@code config/schemas/<schema>}. */
    protected RouteDefinition jsonIngress(String id, String schema, String... pathParams) {
        return ingress(id, pathParams)
                .process("jsonBody")
                .to("json-validator:{{hub.ingress.schemas}}/" + schema);
    }

    /** Ends a route: the body becomes the JSON answer with the status in exchange variable {@code variable}. */
    protected Processor replyWithStatusOf(String variable) {
        return replies.statusOf(variable);
    }

    /** Ends a route: the body becomes the JSON answer with {@code status}. */
    protected Processor reply(int status) {
        return replies.status(status);
    }

    /** Ends a route: the JSON answer with {@code status} and header {@code header} from variable {@code variable}. */
    protected Processor reply(int status, String header, String variable) {
        return replies.status(status, header, variable);
    }
}
