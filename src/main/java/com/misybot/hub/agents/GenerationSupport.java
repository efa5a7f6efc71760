package com.misybot.hub.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.memory.ContextSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Shared by the generating agents: the context text of a snapshot for prompts, and a generated piece turned into
 * its {@code generated_artifact} row with the text to embed (route {@code artifact-embedding} embeds it after the
 * reply: kind artifact, private to the session's owner).
 */
@Component("generationSupport")
public class GenerationSupport {

    private static final int CONTEXT_TURNS = 6;

    private final ObjectMapper json;

    public GenerationSupport(ObjectMapper json) {
        this.json = json;
    }

    /** The bundle summary and the last turns of the snapshot, one per line. */
    public String context(ContextSnapshots.SnapshotView snapshot) {
        if (snapshot == null) {
            return "(no context)";
        }
        StringBuilder out = new StringBuilder();
        String summary = snapshot.bundle() == null ? "" : snapshot.bundle().path("summary").asText("");
        if (!summary.isBlank()) {
            out.append("Summary: ").append(summary).append('\n');
        }
        List<JsonNode> turns = new ArrayList<>();
        if (snapshot.turns() != null) {
            snapshot.turns().forEach(turns::add);
        }
        for (JsonNode turn : turns.subList(Math.max(0, turns.size() - CONTEXT_TURNS), turns.size())) {
            out.append(turn.path("role").asText()).append(": ").append(turn.path("text").asText()).append('\n');
        }
        return out.isEmpty() ? "(no context)" : out.toString().strip();
    }

    /** Rows of the pieces an agent generated for a task; {@code texts} are what gets embedded, one per piece. */
    public Generated generated(AgentReply reply, AgentTask task, String agent, String kind, List<JsonNode> pieces,
                               List<String> texts) throws JsonProcessingException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            UUID id = UUID.randomUUID();
            Map<String, Object> row = new HashMap<>();
            row.put("id", id);
            row.put("sessionId", task.sessionId());
            row.put("ownerId", task.ownerId());
            row.put("agent", agent);
            row.put("kind", kind);
            row.put("content", json.writeValueAsString(pieces.get(i)));
            row.put("embedText", texts.get(i));
            row.put("replyTo", task.turnId());
            rows.add(row);
        }
        return new Generated(reply, rows);
    }
}
