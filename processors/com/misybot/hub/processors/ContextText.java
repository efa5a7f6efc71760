package com.misybot.hub.processors;

import com.misybot.hub.agents.GenerationSupport;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import org.springframework.stereotype.Component;

/**
 * {@code contextText}: a context snapshot (body, as kamelet context-snapshot-action leaves it) as prompt text — the
 * bundle's summary and the last turns, one per line — for a prompt variable of llm-complete-action.
 */
@Component("contextText")
public class ContextText {

    private final GenerationSupport support;

    public ContextText(GenerationSupport support) {
        this.support = support;
    }

    public String text(SnapshotView snapshot) {
        return support.context(snapshot);
    }
}
