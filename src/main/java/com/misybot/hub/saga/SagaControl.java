package com.misybot.hub.saga;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** What pipelines and the saga API do to a saga besides Camel's saga EIP: checkpoints, approval, abort, retry. */
public interface SagaControl {

    /** Checkpoint: the step's own work ended well. */
    void stepDone(UUID sagaId, String step);

    /** Checkpoint: the step's own work failed (its compensation still runs, it may have done part of it). */
    void stepFailed(UUID sagaId, String step, String error);

    /** RUNNING → AWAITING_APPROVAL, compensated if nobody decides within {@code approvalTimeout}. */
    boolean pause(UUID sagaId, Duration approvalTimeout);

    /** AWAITING_APPROVAL → RUNNING on this instance, with a new deadline. */
    boolean resume(UUID sagaId, Duration timeout);

    /** RUNNING or AWAITING_APPROVAL → COMPENSATING (reject, cancel); the future ends with the first pass. */
    CompletableFuture<Void> abort(UUID sagaId, String reason);

    /** FAILED_COMPENSATION → COMPENSATING with the attempt counters reset. */
    CompletableFuture<Void> retryCompensation(UUID sagaId);
}
