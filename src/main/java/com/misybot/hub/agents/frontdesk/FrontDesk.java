package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.memory.ContextSnapshots;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * front-desk's decisions turned into work: a clarifying question as its own reply, or the task envelope for the
 * chosen agent (the message text without its command, the context snapshot, the routing confidence). The task's
 * messageId derives from the user turn, so a front-desk retry cannot make an agent answer twice.
 */
@Component("frontDesk")
public class FrontDesk {

    public static final String AGENT = "front-desk";

    private final ActiveSessions sessions;
    private final IntentRouter router;

    public FrontDesk(ActiveSessions sessions, IntentRouter router) {
        this.sessions = sessions;
        this.router = router;
    }

    /**
     * A message the router could not place on its own (low confidence, or two agents too close) stays with the
     * agent the session was last talking to, when that agent is one of its two best matches.
     */
    public IntentDecision followUp(@Variable("task") AgentTask task, @Variable("intentDecision") IntentDecision decision) {
        boolean unsure = decision.reason() == IntentDecision.Reason.LOW_CONFIDENCE
                || decision.reason() == IntentDecision.Reason.SMALL_MARGIN;
        ActiveSessions.ActiveSession active = unsure ? sessions.get(task.sessionId()) : null;
        if (active == null || !router.enabledAgents().contains(active.lastAgent())
                || !(active.lastAgent().equals(decision.best()) || active.lastAgent().equals(decision.runnerUp()))) {
            return decision;
        }
        double score = active.lastAgent().equals(decision.best()) ? decision.confidence()
                : decision.runnerUpConfidence();
        return new IntentDecision(active.lastAgent(), score, IntentDecision.Reason.FOLLOW_UP, decision.text(),
                decision.best(), decision.runnerUp(), decision.runnerUpConfidence(), java.util.List.of(), null);
    }

    /** Remembers which agent the session is talking to now. */
    public void remember(@Variable("task") AgentTask task, @Variable("intentDecision") IntentDecision decision) {
        sessions.talkedTo(task.sessionId(), decision.intent());
    }

    /** The user-message envelope as the task it starts. */
    public AgentTask task(Envelope message) {
        return AgentTask.of(message);
    }

    public AgentReply clarify(@Variable("task") AgentTask task, @Variable("intentDecision") IntentDecision decision) {
        return AgentReply.of(task, AGENT, decision.question());
    }

    public Envelope dispatch(ContextSnapshots.Created snapshot, @Variable("task") AgentTask task,
                             @Variable("intentDecision") IntentDecision decision) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("turnId", task.turnId());
        payload.put("ownerId", task.ownerId());
        payload.put("text", decision.text());
        payload.put("snapshotRef", snapshot.snapshotRef());
        payload.put("confidence", decision.confidence());
        String messageId = UUID.nameUUIDFromBytes(("task:" + decision.intent() + ":" + task.turnId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new Envelope(messageId, "agent.task", 1, decision.intent(), task.sessionId(), task.correlationId(),
                task.turnId(), Envelope.DEFAULT_PRIORITY, Instant.now().toString(), payload);
    }
}
