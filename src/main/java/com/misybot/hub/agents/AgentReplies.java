package com.misybot.hub.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.platform.ProblemException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Parameters of the agents' writes: the assistant turn ({@code direct:context-turn-append}, with the task's
 * analytics event as its outbox message) and,
 * for a failed task, the {@code agent.failed} event that tells a waiting caller which problem to answer.
 */
@Component("agentReplies")
public class AgentReplies {

    private final ObjectMapper json;
    private final AnalyticsFeed analytics;

    public AgentReplies(ObjectMapper json, AnalyticsFeed analytics) {
        this.json = json;
        this.analytics = analytics;
    }

    public Map<String, Object> turn(AgentReply reply) {
        Map<String, Object> params = new HashMap<>();
        params.put("bundleId", UUID.randomUUID());
        params.put("turnId", UUID.randomUUID());
        params.put("sessionId", reply.sessionId());
        params.put("ownerId", reply.ownerId());
        params.put("role", "assistant");
        params.put("text", reply.text());
        params.put("agent", reply.agent());
        params.put("channel", null);
        params.put("correlationId", reply.correlationId());
        params.put("replyTo", reply.replyTo());
        // written by an agent from pseudonymized input: not one of the user turns the sanitizer checks
        params.put("piiLevel", "agent");
        // the task's outcome for analytics-reporter, in the turn's transaction (the outbox row of the turn)
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("agent", reply.agent());
        event.put("ownerId", reply.ownerId());
        event.put("outcome", reply.failed() ? "failed" : "ok");
        event.put("problem", reply.failed() ? reply.failure().slug() : null);
        params.putAll(analytics.event(AnalyticsFeed.AGENT_TASK, AnalyticsFeed.taskEventId(reply.agent(),
                reply.replyTo()), reply.correlationId(), event).params());
        return params;
    }

    /** Parameters of sql/agent-failure-insert.sql. */
    public Map<String, Object> failure(AgentReply reply) throws JsonProcessingException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("replyTo", reply.replyTo());
        payload.put("problem", reply.failure().slug());
        payload.put("status", reply.failure().status());
        payload.put("retryAfterSeconds", reply.retryAfter() == null ? null : reply.retryAfter().toSeconds());
        payload.put("detail", reply.text());
        Map<String, Object> params = new HashMap<>();
        params.put("sessionId", reply.sessionId());
        params.put("agent", reply.agent());
        params.put("actorId", "agent:" + reply.agent());
        params.put("payload", json.writeValueAsString(payload));
        params.put("correlationId", reply.correlationId());
        return params;
    }

    /** The reply of a task that failed with {@code problem}: the user reads why, a waiting caller gets the problem. */
    public static AgentReply failed(AgentTask task, String agent, ProblemException problem) {
        return new AgentReply(task.sessionId(), task.ownerId(), agent, problem.getMessage(), task.correlationId(),
                task.turnId(), problem.type(), problem.retryAfter());
    }
}
