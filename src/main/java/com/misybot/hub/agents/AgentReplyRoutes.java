package com.misybot.hub.agents;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code direct:agent-reply}: an agent's answer (body {@link AgentReply}) becomes an assistant turn of the session
 * (reply_to = the user turn, so {@code ?wait=N} and the events stream see it); a failed task also records
 * {@code agent.failed} for the waiting caller.
 */
@Component
public class AgentReplyRoutes extends RouteBuilder {

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        from("direct:agent-reply").routeId("agent-reply")
                .setVariable("reply", body())
                .filter(simple("${body.failed()}"))
                    .bean("agentReplies", "failure")
                    .to("sql:classpath:sql/agent-failure-insert.sql")
                    .setBody(variable("reply"))
                .end()
                .bean("agentReplies", "turn")
                .to("direct:context-turn-append")
                .log("${variable.reply.agent()} answered turn ${variable.reply.replyTo()} "
                        + "in session ${variable.reply.sessionId()}");
    }
}
