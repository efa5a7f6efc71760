package com.misybot.hub.processors;

import com.misybot.hub.pipelines.ViralizationRuns;
import com.misybot.hub.pipelines.experiments.ExperimentAssignments;
import com.misybot.hub.pipelines.experiments.PipelineVariant;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * {@code pipelineVariants}: the A/B variant of the viralization run in header Long-Running-Action, read from the
 * database (the run's recorded variant, else the promoted parameters), so a worker and a run recovered after a
 * restart take the parameters the request was assigned; the steps read them as variable {@code pipelineVariant}.
 */
@Component("pipelineVariants")
public class PipelineVariants {

    private final ExperimentAssignments assignments;

    public PipelineVariants(ExperimentAssignments assignments) {
        this.assignments = assignments;
    }

    public PipelineVariant ofRun(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId) {
        return assignments.ofRun(ViralizationRuns.WORKFLOW, runId);
    }
}
