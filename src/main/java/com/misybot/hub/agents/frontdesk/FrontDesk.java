package com.misybot.hub.agents.frontdesk;

import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.SessionRequirement;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.memory.ContextSnapshots;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** Per agent, the requirements its {@code needs} names. */
    private final Map<String, List<SessionRequirement>> needs = new LinkedHashMap<>();

    public FrontDesk(ActiveSessions sessions, IntentRouter router,
                     @org.springframework.beans.factory.annotation.Value("${hub.agents.follow-up-margin:0.05}")
                     double followUpMargin, List<SessionRequirement> requirements) {
        this.sessions = sessions;
        this.router = router;
        this.followUpMargin = followUpMargin;
        Map<String, SessionRequirement> byName = new LinkedHashMap<>();
        requirements.forEach(r -> byName.put(r.name(), r));
        for (AgentCatalog.Agent agent : router.agents()) {
            List<SessionRequirement> of = new ArrayList<>();
            for (String name : agent.requirements()) {
                SessionRequirement requirement = byName.get(name);
                if (requirement == null) {
                    throw new IllegalStateException("config/agents.yaml: agent " + agent.id() + " needs '" + name
                            + "', which the hub does not know (known: " + byName.keySet() + ")");
                }
                of.add(requirement);
            }
            if (!of.isEmpty()) {
                needs.put(agent.id(), of);
            }
        }
    }

    /**
     * Conversation continuity: a message that the router could not place on its own (low confidence, two agents too
     * close), or that it places only a little ahead of the agent the session is talking to (less than
     * {@code hub.agents.follow-up-margin}), stays with that agent: "shorter please" after a script goes back to
     * video-scriptor. A message the router gives by similarity to an agent whose {@code needs} (agents.yaml) the
     * session does not meet stays with the session's agent too: an editing request in a session without a content
     * piece is about what the session's agent just wrote. An explicit command always wins.
     */
    public IntentDecision followUp(@Variable("task") AgentTask task, @Variable("intentDecision") IntentDecision decision) {
        IntentDecision.Reason reason = decision.reason();
        List<SessionRequirement> required = needs.getOrDefault(decision.intent(), List.of());
        if (reason == IntentDecision.Reason.SIMILARITY && !required.isEmpty()) {
            ActiveSessions.ActiveSession active = sessions.get(task.sessionId());
            if (active != null && !active.lastAgent().equals(decision.intent())
                    && router.enabledAgents().contains(active.lastAgent())
                    && required.stream().anyMatch(r -> !r.isMet(task.sessionId(), task.ownerId()))) {
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
