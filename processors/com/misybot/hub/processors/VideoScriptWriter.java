package com.misybot.hub.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.video.VideoScriptor;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code videoScript}: video-scriptor's script for variable {@code task} from the snapshot in the body, with the
 * behaviour kamelet video-script-action sets (templates collection and count, rule retries, prompt, model).
 */
@Component("videoScript")
public class VideoScriptWriter {

    private final VideoScriptor scriptor;

    public VideoScriptWriter(VideoScriptor scriptor) {
        this.scriptor = scriptor;
    }

    public Generated generate(SnapshotView snapshot, @Variable("task") AgentTask task,
                              @Variable("scriptTemplates") String templates,
                              @Variable("scriptTemplateCount") int templateCount,
                              @Variable("scriptRuleRetries") int ruleRetries, Exchange exchange)
            throws JsonProcessingException {
        return scriptor.generate(snapshot, task, BehaviourVariables.of(exchange), templates, templateCount,
                ruleRetries);
    }
}
