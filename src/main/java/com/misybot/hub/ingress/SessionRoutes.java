package com.misybot.hub.ingress;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** REST API of sessions: post a user message, read a session back. */
@Component
public class SessionRoutes extends RouteBuilder {

    private final JsonReplies replies;

    public SessionRoutes(JsonReplies replies) {
        this.replies = replies;
    }

    @Override
    public void configure() {
        rest("/sessions").tag("sessions")
                .post("/{sessionId}/messages").id("rest-session-message-post")
                    .description("Append a user message to a session (the session is created on first use)")
                    .consumes("application/json").produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string")
                        .description("1..64 characters of [A-Za-z0-9._-]").endParam()
                    .responseMessage().code(202).message("Accepted: {sessionId, turnId, correlationId}").endResponseMessage()
                    .to("direct:session-message-post")
                .get("/{sessionId}").id("rest-session-get")
                    .description("Read a session and its turns (owner, operator or superadmin)")
                    .produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:session-get");

        // validate, then persist turn + bundle in one transaction; nothing is written when a check fails
        from("direct:session-message-post").routeId("session-message-post").routeConfigurationId(IngressRouteConfiguration.ID)
                .setVariable("sessionId", header("sessionId"))
                .process("ingressRequest")
                .process("jsonBody")
                .to("json-validator:{{hub.ingress.schemas}}/session-message.request.json")
                .bean("contextCommands", "userTurn")
                .to("direct:context-turn-append")
                .log("Stored user turn ${body[turnId]} in session ${body[sessionId]}")
                .bean("contextCommands", "accepted")
                .process(replies.status(202));

        from("direct:session-get").routeId("session-get").routeConfigurationId(IngressRouteConfiguration.ID)
                .setVariable("sessionId", header("sessionId"))
                .process("ingressRequest")
                .bean("contextCommands", "sessionRead")
                .to("direct:context-session-read")
                .bean("contextCommands", "sessionView")
                .process(replies.status(200));
    }
}
