package com.misybot.hub.agents.editor;

import com.misybot.hub.agents.SessionRequirement;
import org.springframework.stereotype.Component;

/** {@code needs: [content-piece]}: the session has a content piece of its owner (what content-editor edits). */
@Component
public class ContentPieceRequirement implements SessionRequirement {

    private final ContentStore store;

    public ContentPieceRequirement(ContentStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "content-piece";
    }

    @Override
    public boolean isMet(String sessionId, String ownerId) {
        return store.latestOfSession(sessionId, ownerId).isPresent();
    }
}
