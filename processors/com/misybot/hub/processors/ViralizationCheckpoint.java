package com.misybot.hub.processors;

import com.misybot.hub.pipelines.ViralizationGate;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code viralizationCheckpoint}: the checkpoints of a viralization run in the persistent saga log — a step done,
 * a step failed (with the reason the saga compensates for), and the pause for an operator's review. The saga log
 * exists in persistent saga mode only (the pipeline's routes have that precondition).
 */
@Component("viralizationCheckpoint")
public class ViralizationCheckpoint {

    private final ObjectProvider<ViralizationGate> gate;

    public ViralizationCheckpoint(ObjectProvider<ViralizationGate> gate) {
        this.gate = gate;
    }

    public void done(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId, @Variable("step") String step) {
        gate().done(runId, step);
    }

    public void failed(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId, @Variable("step") String step,
                       Exchange exchange) {
        gate().failed(runId, step, exchange);
    }

    /** REVIEW: the run waits for an operator for {@code approvalTimeout} (ISO-8601), then is compensated. */
    public void pause(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId,
                      @Variable("approvalTimeout") String approvalTimeout) {
        if (approvalTimeout == null || approvalTimeout.isBlank()) {
            gate().pause(runId);
        } else {
            gate().pause(runId, Duration.parse(approvalTimeout.trim()));
        }
    }

    private ViralizationGate gate() {
        return gate.getObject();
    }
}
