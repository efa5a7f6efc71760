package com.misybot.hub.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.misybot.hub.agents.AgentBehaviour;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.agents.creative.CreativeSynthesizer;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import com.misybot.hub.pipelines.experiments.PipelineVariant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code creativeVariants}: creative-synthesizer's variants for variable {@code task} from the snapshot in the body,
 * with the behaviour kamelet creative-variants-action sets (variant count, prompt, model). In a pipeline run with an
 * A/B variant (variable {@code pipelineVariant}) the variant's parameters {@code prompt}, {@code variants},
 * {@code temperature} and {@code maxTokens} replace the kamelet's, and every other one (e.g. {@code tone}) reaches
 * the prompt as the run's style, except a campaign's {@code postingHourUtc} and {@code boostCents}.
 */
@Component("creativeVariants")
public class CreativeVariantsWriter {

    /** Variant parameters that are behaviour, not style. */
    static final Set<String> BEHAVIOUR = Set.of("prompt", "variants", "temperature", "maxTokens");
    /** Parameters a campaign fixes for the run that are scheduling and money, not style. */
    static final Set<String> NOT_STYLE = Set.of("postingHourUtc", "boostCents");

    private final CreativeSynthesizer synthesizer;

    public CreativeVariantsWriter(CreativeSynthesizer synthesizer) {
        this.synthesizer = synthesizer;
    }

    public Generated generate(SnapshotView snapshot, @Variable("task") AgentTask task,
                              @Variable("creativeVariantCount") int count,
                              @Variable(PipelineVariant.VARIABLE) PipelineVariant variant, Exchange exchange)
            throws JsonProcessingException {
        Map<String, Object> parameters = variant == null ? Map.of() : variant.parameters();
        AgentBehaviour yaml = BehaviourVariables.of(exchange);
        AgentBehaviour behaviour = new AgentBehaviour(text(parameters.get("prompt"), yaml.prompt()),
                yaml.outputSchema(), number(parameters.get("temperature"), yaml.temperature()),
                whole(parameters.get("maxTokens"), yaml.maxTokens()), yaml.repairs(), yaml.fallback());
        Map<String, Object> style = new LinkedHashMap<>(parameters);
        style.keySet().removeAll(BEHAVIOUR);
        style.keySet().removeAll(NOT_STYLE);
        return synthesizer.generate(snapshot, task, behaviour, whole(parameters.get("variants"), count), style);
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString();
    }

    private static Double number(Object value, Double otherwise) {
        return value == null ? otherwise : Double.valueOf(value.toString());
    }

    private static Integer whole(Object value, Integer otherwise) {
        return value == null ? otherwise : Integer.valueOf(value.toString());
    }
}
