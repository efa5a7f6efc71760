package com.misybot.hub.ingress;

import com.misybot.hub.platform.web.JsonReplies;
import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.agents.ReplyWaiter;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/** REST API of sessions: post a user message, read a session back. */
@Component
public class SessionRoutes extends IngressRouteBuilder {

    public SessionRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/sessions").tag("sessions")
                .post("/{sessionId}/messages").id("rest-session-message-post")
                    .description("Append a user message to a session (the session is created on first use)")
                    .consumes("application/json").produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string")
                        .description("1..64 characters of [A-Za-z0-9._-]").endParam()
                    .param().name("wait").type(RestParamType.query).dataType("integer").required(false)
                        .description("0..30: seconds to wait for the agent's reply (200 with it), else 202").endParam()
                    .responseMessage().code(202).message("Accepted: {sessionId, turnId, correlationId}").endResponseMessage()
                    .responseMessage().code(200).message("Replied in time: {sessionId, turnId, correlationId, reply}")
                        .endResponseMessage()
                    .to("direct:session-message-post")
                .get("/{sessionId}").id("rest-session-get")
                    .description("Read a session and its turns (owner, operator or superadmin)")
                    .produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:session-get");
        rest("/admin/sessions").tag("privacy")
                .post("/{sessionId}/reidentify").id("rest-admin-session-reidentify")
                    .description("Read a session with its personal data put back (operator, superadmin): {reason}, "
                            + "audited as pii.reidentify")
                    .consumes("application/json").produces("application/json")
                    .param().name("sessionId").type(RestParamType.path).dataType("string").endParam()
                    .to("direct:admin-session-reidentify");

        // validate, then persist turn + bundle in one statement; nothing is written when a check fails
        jsonIngress("session-message-post", "session-message.request.json", "sessionId", "wait")
                .bean("replyWaiter", "checkWait")
                // PII is replaced by surrogates before the text reaches the store, the bus, embeddings or an LLM
                .bean("pseudonymizer", "message")
                .bean("contextCommands", "userTurn")
                .to("direct:context-turn-append")
                // header and variable, not ${body[...]}: simple copies the exchange to read a map's entry
                .log("Stored user turn ${header.appendedTurn} in session ${variable.sessionId}")
                .bean("contextCommands", "accepted")
                // ?wait=N: 200 with the agent's reply when it comes within N s, else 202
                .bean("replyWaiter", "await")
                .bean("ownerViews", "reply")
                .process(replyWithStatusOf(ReplyWaiter.STATUS));

        ingress("session-get", "sessionId")
                .bean("contextCommands", "sessionRead")
                .to("direct:context-session-read")
                .bean("contextCommands", "sessionView")
                .bean("ownerViews", "session")
                .process(reply(200));

        jsonIngress("admin-session-reidentify", "reidentify.request.json", "sessionId")
                .bean("contextCommands", "sessionRead")
                .to("direct:context-session-read")
                .bean("contextCommands", "sessionView")
                .bean("ownerViews", "operator")
                .process(reply(200));
    }
}
