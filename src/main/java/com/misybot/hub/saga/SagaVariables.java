package com.misybot.hub.saga;

/**
 * Exchange variables a route sets before its {@code saga()} starts a new saga, so the saga row says what it is:
 * the id to use (else a random UUID), its name, the user and session it belongs to, and its agent_workflow row.
 */
public final class SagaVariables {

    public static final String ID = "hub.saga.id";
    public static final String NAME = "hub.saga.name";
    public static final String OWNER = "hub.saga.owner";
    public static final String SESSION = "hub.saga.session";
    public static final String WORKFLOW = "hub.saga.workflow";
    /** Option a saga step declares ({@code .option("sagaStep", constant("publish"))}) to name itself in the log. */
    public static final String STEP_OPTION = "sagaStep";

    private SagaVariables() {
    }
}
