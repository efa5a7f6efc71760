package com.misybot.hub.agents;

/**
 * Something an agent works on that a session may or may not have, named in {@code config/agents.yaml} ({@code needs:
 * [content-piece]}). Front-desk does not give a message routed by similarity to an agent whose needs the session
 * does not meet while the session is talking to another agent: "shorter please" after a script is about the script.
 */
public interface SessionRequirement {

    /** The name agents.yaml uses. */
    String name();

    /** True when {@code sessionId} (of {@code ownerId}) has what an agent needing this works on. */
    boolean isMet(String sessionId, String ownerId);
}
