package com.misybot.hub.agents;

import com.misybot.hub.platform.ProblemType;
import java.time.Duration;

/**
 * What an agent answers to one user turn: the text of its assistant turn and, when the agent could not do its work
 * (AI budget used up, provider down, invalid answer), the problem a waiting HTTP caller gets instead.
 */
public record AgentReply(String sessionId, String ownerId, String agent, String text, String correlationId,
                         String replyTo, ProblemType failure, Duration retryAfter) {

    public static AgentReply of(AgentTask task, String agent, String text) {
        return new AgentReply(task.sessionId(), task.ownerId(), agent, text, task.correlationId(), task.turnId(),
                null, null);
    }

    public boolean failed() {
        return failure != null;
    }
}
