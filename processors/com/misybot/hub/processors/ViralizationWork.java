package com.misybot.hub.processors;

import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.agents.Generated;
import com.misybot.hub.memory.ContextSnapshots.SnapshotView;
import com.misybot.hub.pipelines.ViralizationRun;
import com.misybot.hub.pipelines.ViralizationRuns;
import com.misybot.hub.pipelines.ViralizationSteps;
import com.misybot.hub.pipelines.policy.PolicyInput;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code viralizationWork}: what the viralization steps keep of a run — the run itself, the agents' tasks and
 * their pieces stored as the run's artifacts, the calendar request and entries — and the artifacts' withdrawal.
 */
@Component("viralizationWork")
public class ViralizationWork {

    private final ViralizationRuns runs;
    private final ViralizationSteps steps;

    public ViralizationWork(ViralizationRuns runs, ViralizationSteps steps) {
        this.runs = runs;
        this.steps = steps;
    }

    /** The run of the saga in header Long-Running-Action. */
    public ViralizationRun load(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId) throws Exception {
        return runs.load(runId);
    }

    /** The task of the script step's agent, or of the variants step's ({@code kind} script or variants). */
    public AgentTask task(SnapshotView snapshot, @Variable("run") ViralizationRun run,
                          @Variable("runTaskKind") String kind) {
        return "script".equals(kind) ? steps.scriptTask(snapshot, run) : steps.variantsTask(snapshot, run);
    }

    /** The script stored with the run; out comes the text the policy gate reads. */
    public PolicyInput script(Generated script, @Variable("run") ViralizationRun run) throws Exception {
        return steps.script(script, run);
    }

    /** The variants stored with the run (the first one's caption is what gets published). */
    public void variants(Generated variants, @Variable("run") ViralizationRun run) throws Exception {
        steps.artifacts(variants, run);
    }

    /** The run's artifacts of {@code agent} withdrawn; returns how many. */
    public int withdraw(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId, String agent) {
        return steps.withdraw(runId, agent);
    }

    /** The variables direct:calendar-schedule reads. */
    public void scheduleRequest(@Variable("run") ViralizationRun run, Exchange exchange) throws Exception {
        steps.scheduleRequest(run, exchange);
    }

    public void scheduled(List<?> entries, @Variable("run") ViralizationRun run) throws Exception {
        steps.scheduled(entries, run);
    }
}
