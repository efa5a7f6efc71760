package com.misybot.hub.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.creative.CreativeSynthesizer;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code creativeVariants}: creative-synthesizer's variants for variable {@code task} from the snapshot in the body,
 * with the behaviour kamelet creative-variants-action sets (variant count, prompt, model).
 */
@Component("creativeVariants")
public class CreativeVariantsWriter {

    private final CreativeSynthesizer synthesizer;

    public CreativeVariantsWriter(CreativeSynthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    public Generated generate(SnapshotView snapshot, @Variable("task") AgentTask task,
                              @Variable("creativeVariantCount") int count, Exchange exchange)
            throws JsonProcessingException {
        return synthesizer.generate(snapshot, task, BehaviourVariables.of(exchange), count);
    }
}
