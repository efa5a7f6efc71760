package com.misybot.hub.agents;

import java.util.List;
import java.util.Map;

/**
 * What a generating agent produced: its reply and the {@code generated_artifact} rows to insert (parameters of
 * sql/generated-artifact-insert.sql), each with the text that route {@code artifact-embedding} embeds after the
 * reply (kind {@code artifact}).
 */
public record Generated(AgentReply reply, List<Map<String, Object>> artifacts) {

    public boolean hasArtifacts() {
        return !artifacts.isEmpty();
    }
}
