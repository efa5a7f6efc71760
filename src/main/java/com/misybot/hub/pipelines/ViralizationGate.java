package com.misybot.hub.pipelines;

import com.misybot.hub.platform.Failures;
import com.misybot.hub.saga.SagaControl;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;

/** Checkpoints of the viralization saga: a step's end, its failure, and the pause for an operator's review. */
@Service("viralizationGate")
// the pipeline pauses for approval and is read through the PostgreSQL saga log: persistent saga mode only
@ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
public class ViralizationGate {

    private static final Logger LOG = LoggerFactory.getLogger(ViralizationGate.class);

    private final SagaControl sagas;
    private final ViralizationProperties properties;

    public ViralizationGate(SagaControl sagas, ViralizationProperties properties) {
        this.sagas = sagas;
        this.properties = properties;
    }

    public void done(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId, @Variable("step") String step) {
        sagas.stepDone(UUID.fromString(runId), step);
    }

    /** The failing step keeps its error; the saga's reason for compensating is the same text. */
    public void failed(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId, @Variable("step") String step,
                       Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = (step == null ? "" : "step " + step + ": ") + Failures.message(failure);
        exchange.setVariable("hub.saga.reason", reason);
        LOG.warn("Viralization run {} failed in step {}: compensating", runId, step, failure);
        if (step != null) {
            sagas.stepFailed(UUID.fromString(runId), step, Failures.message(failure));
        }
    }

    /** REVIEW: the saga waits for approve / reject, and compensates when nobody decides in time. */
    public void pause(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String runId) {
        pause(runId, properties.pipelines().viralization().approvalTimeout());
    }

    /** REVIEW with the pipeline's own approval timeout (a template parameter of the YAML pipeline). */
    public void pause(String runId, Duration approvalTimeout) {
        if (!sagas.pause(UUID.fromString(runId), approvalTimeout)) {
            throw new IllegalStateException("Run " + runId + " could not wait for approval: it is no longer running");
        }
    }
}
