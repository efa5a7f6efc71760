package com.misybot.hub.bus;

/** Names of the message headers and exchange variables of the agent bus. */
public final class BusHeaders {

    /** W3C trace context header (injected and extracted by camel-opentelemetry2). */
    public static final String TRACEPARENT = "traceparent";
    public static final String CORRELATION_ID = "X-Correlation-Id";
    /** The envelope's messageId, also as a header so brokers and tools can see it without parsing the body. */
    public static final String MESSAGE_ID = "x-hub-message-id";
    public static final String AGENT = "x-hub-agent";
    public static final String PRIORITY = "x-hub-priority";

    /** Failure headers a dead-lettered message carries. */
    public static final String FAILED_ROUTE = "x-hub-failed-route";
    public static final String EXCEPTION_CLASS = "x-hub-exception-class";
    public static final String EXCEPTION_MESSAGE = "x-hub-exception-message";
    public static final String ATTEMPTS = "x-hub-attempts";
    public static final String FIRST_FAILURE_AT = "x-hub-first-failure-at";
    public static final String DEAD_LETTERED_AT = "x-hub-dead-lettered-at";
    public static final String VIOLATIONS = "x-hub-violations";
    public static final String REPLAY_COUNT = "x-hub-replay-count";

    /** Exchange variables carried between the bus routes. */
    public static final String VAR_AGENT = "busAgent";
    public static final String VAR_MESSAGE_ID = "busMessageId";
    public static final String VAR_RAW = "busEnvelopeJson";
    /** The envelope parsed once (Jackson tree), for validation and mapping. */
    public static final String VAR_TREE = "busEnvelopeTree";
    public static final String VAR_DELAY_MS = "busDelayMs";
    public static final String PROP_FIRST_FAILURE = "busFirstFailureAt";
    public static final String PROP_ATTEMPTS = "busFailedAttempts";
    /**
     * Exchange properties of a delivery the transport acknowledges itself once the exchange is done
     * ({@link RabbitAcknowledgements}): the idempotency confirm is then not waited for on the worker; its commit (a
     * {@code CompletableFuture<Boolean>}) is left on the exchange, and the acknowledgement follows it.
     */
    public static final String PROP_ACK_AFTER_CONFIRM = "busAckAfterConfirm";
    public static final String PROP_PENDING_CONFIRM = "busPendingConfirm";

    private BusHeaders() {
    }
}
