package com.misybot.hub.saga;

import java.util.List;

/** Status names of sagas and steps as stored in {@code saga.status} / {@code saga_step.status}. */
public final class SagaStatus {

    public static final String RUNNING = "RUNNING";
    public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
    public static final String COMPLETING = "COMPLETING";
    public static final String COMPLETED = "COMPLETED";
    public static final String COMPENSATING = "COMPENSATING";
    public static final String COMPENSATED = "COMPENSATED";
    public static final String FAILED_COMPENSATION = "FAILED_COMPENSATION";

    public static final List<String> ALL = List.of(RUNNING, AWAITING_APPROVAL, COMPLETING, COMPLETED, COMPENSATING,
            COMPENSATED, FAILED_COMPENSATION);

    /** Step statuses besides the shared ones: the step's own work, then its compensation or completion. */
    public static final String STEP_DONE = "DONE";
    public static final String STEP_FAILED = "FAILED";
    public static final String STEP_COMPENSATION_FAILED = "COMPENSATION_FAILED";
    public static final String STEP_COMPLETION_FAILED = "COMPLETION_FAILED";

    private SagaStatus() {
    }

    public static boolean isFinal(String status) {
        return COMPLETED.equals(status) || COMPENSATED.equals(status) || FAILED_COMPENSATION.equals(status);
    }
}
