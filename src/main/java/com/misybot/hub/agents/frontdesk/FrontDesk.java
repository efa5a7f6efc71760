package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.editor.ContentEditor;
import com.misybot.hub.agents.editor.ContentStore;
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

    private final double followUpMargin;
    private final ContentStore contents;

    public FrontDesk(ActiveSessions sessions, IntentRouter router,
                     @org.springframework.beans.factory.annotation.Value("${hub.agents.follow-up-margin:0.05}")
                     double followUpMargin, ContentStore contents) {
        this.sessions = sessions;
        this.router = router;
        this.followUpMargin = followUpMargin;
        this.contents = contents;
    }

    /**
     * Conversation continuity: a message that the router could not place on its own (low confidence, two agents too
     * close), or that it places only a little ahead of the agent the session is talking to (less than
     * {@code hub.agents.follow-up-margin}), stays with that agent: "shorter please" after a script goes back to
     * video-scriptor. An editing request the router gives content-editor in a session without a content piece is
     * about what the session's agent just wrote ("shorter please" after a script), so it stays with that agent too.
     * An explicit command always wins.
     */
    public IntentDecision followUp(@Variable("task") AgentTask task, @Variable("intentDecision") IntentDecision decision) {
        IntentDecision.Reason reason = decision.reason();
        if (reason == IntentDecision.Reason.SIMILARITY && ContentEditor.AGENT.equals(decision.intent())) {
            ActiveSessions.ActiveSession active = sessions.get(task.sessionId());
            if (active != null && !active.lastAgent().equals(ContentEditor.AGENT)
                    && router.enabledAgents().contains(active.lastAgent())
                    && contents.latestOfSession(task.sessionId(), task.ownerId()).isEmpty()) {
                return new IntentDecision(active.lastAgent(), decision.confidence(), IntentDecision.Reason.FOLLOW_UP,
                        decision.text(), decision.best(), decision.runnerUp(), decision.runnerUpConfidence(),
                        java.util.List.of(), null);
            }
        }
        boolean routable = reason == IntentDecision.Reason.LOW_CONFIDENCE || reason == IntentDecision.Reason.SMALL_MARGIN
                || reason == IntentDecision.Reason.SIMILARITY;
        ActiveSessions.ActiveSession active = routable ? sessions.get(task.sessionId()) : null;
        if (active == null || active.lastAgent().equals(decision.intent())
                || !router.enabledAgents().contains(active.lastAgent())) {
            return decision;
        }
        String last = active.lastAgent();
        boolean isBest = last.equals(decision.best());
        boolean closeSecond = last.equals(decision.runnerUp()) && (reason != IntentDecision.Reason.SIMILARITY
                || decision.confidence() - decision.runnerUpConfidence() < followUpMargin);
        if (!isBest && !closeSecond) {
            return decision;
        }
        return new IntentDecision(last, isBest ? decision.confidence() : decision.runnerUpConfidence(),
                IntentDecision.Reason.FOLLOW_UP, decision.text(), decision.best(), decision.runnerUp(),
                decision.runnerUpConfidence(), java.util.List.of(), null);
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
