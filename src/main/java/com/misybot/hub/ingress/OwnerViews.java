package com.misybot.hub.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.agents.ReplyWaiter;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.memory.ContextCommands.SessionView;
import com.misybot.hub.memory.ContextCommands.TurnView;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.privacy.Pseudonymizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * What a reader sees of pseudonymized text: the session's owner reads their own values back (re-identified from the
 * token vault); an operator reads the surrogates as stored, unless they state a reason, which is audited
 * ({@code pii.reidentify}).
 */
@Component("ownerViews")
public class OwnerViews {

    private final Pseudonymizer pseudonymizer;
    private final AuditLog audit;

    public OwnerViews(Pseudonymizer pseudonymizer, AuditLog audit) {
        this.pseudonymizer = pseudonymizer;
        this.audit = audit;
    }

    /** GET /sessions/{id}: re-identified for the owner, as stored for anyone else. */
    public SessionView session(SessionView view, @Variable("caller") Caller caller) {
        return view.ownerId().equals(caller.id()) ? reidentified(view) : view;
    }

    /** The agent's reply of POST .../messages?wait=N (only the owner can post to a session): re-identified. */
    public Object reply(Object body) {
        if (body instanceof ReplyWaiter.Replied r && r.reply() != null) {
            ReplyWaiter.Reply reply = r.reply();
            return new ReplyWaiter.Replied(r.sessionId(), r.turnId(), r.correlationId(), new ReplyWaiter.Reply(
                    reply.turnId(), reply.agent(), pseudonymizer.reidentify(r.sessionId(), reply.text()),
                    reply.createdAt()));
        }
        return body;
    }

    /** POST /admin/sessions/{id}/reidentify: the session re-identified for an operator, with the reason audited. */
    public SessionView operator(SessionView view, @Variable("caller") Caller caller,
                                @Variable("json") JsonNode json) {
        audit.append(AuditEvent.by(caller.id(), caller.roles(), "pii.reidentify", view.sessionId(),
                Map.of("reason", json.path("reason").asText(), "owner", view.ownerId())));
        return reidentified(view);
    }

    private SessionView reidentified(SessionView view) {
        List<String> texts = view.turns().stream().map(TurnView::text).toList();
        List<String> restored = pseudonymizer.reidentify(view.sessionId(), texts);
        if (restored == texts) {
            return view;
        }
        List<TurnView> turns = new ArrayList<>(view.turns().size());
        for (int i = 0; i < texts.size(); i++) {
            TurnView t = view.turns().get(i);
            turns.add(new TurnView(t.turnId(), t.seq(), t.role(), restored.get(i), t.agent(), t.channel(),
                    t.createdAt()));
        }
        return new SessionView(view.sessionId(), view.ownerId(), view.turnCount(), view.version(), view.createdAt(),
                view.updatedAt(), turns);
    }
}
