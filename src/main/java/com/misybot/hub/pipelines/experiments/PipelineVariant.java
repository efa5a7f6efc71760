package com.misybot.hub.pipelines.experiments;

import java.util.Map;

/**
 * The run variable {@value #VARIABLE}: which variant a pipeline run takes and the parameters it should read
 * ({@code ${variable.pipelineVariant.parameters[tone]}} in a route). {@code source} says where they come from:
 * {@code experiment} (the session's variant of a running experiment), {@code promoted} (the winner of the latest
 * promotion), {@code rolled-back} (the control of a promotion that was reversed), {@code campaign} (parameters a
 * campaign fixed for the run; {@code experimentId} is then the campaign's id) or {@code none}.
 */
public record PipelineVariant(String experimentId, String variant, String source, Map<String, Object> parameters,
                              ExperimentDefinition.RouteRef routeVersion) {

    public static final String VARIABLE = "pipelineVariant";

    public PipelineVariant {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public static PipelineVariant none() {
        return new PipelineVariant(null, null, "none", Map.of(), null);
    }
}
