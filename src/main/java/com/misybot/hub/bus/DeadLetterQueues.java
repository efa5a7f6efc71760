package com.misybot.hub.bus;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Operator access to the agents' dead-letter queues, whatever the transport. */
public interface DeadLetterQueues {

    /** A dead-lettered message: its id, failure headers and the envelope text as it was received. */
    record DeadLetter(String messageId, Map<String, Object> headers, String envelope) {
    }

    /** Number of dead letters per agent (every configured agent, zero included). */
    Map<String, Long> counts();

    /** Up to {@code limit} dead letters of {@code agent}, oldest first; the queue is left as it was. */
    List<DeadLetter> list(String agent, int limit);

    /**
     * Moves dead letters back to the agent's queue (all of them when {@code messageIds} is empty) and returns the ids
     * that were replayed. Each is published (with confirms) before it is removed from the dead-letter queue.
     */
    List<String> replay(String agent, Set<String> messageIds);

    /** Removes one dead letter for good; false when there is none with that id. */
    boolean discard(String agent, String messageId);
}
