package com.misybot.hub.agents;

import com.misybot.hub.memory.vector.VectorDocument;
import java.util.List;
import java.util.Map;

/**
 * What a generating agent produced: its reply, the {@code generated_artifact} rows to insert (parameters of
 * sql/generated-artifact-insert.sql) and their vectors for semantic memory (kind {@code artifact}).
 */
public record Generated(AgentReply reply, List<Map<String, Object>> artifacts, List<VectorDocument> vectors) {

    public boolean hasArtifacts() {
        return !artifacts.isEmpty();
    }
}
