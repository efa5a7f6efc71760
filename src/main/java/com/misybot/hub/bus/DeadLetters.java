package com.misybot.hub.bus;

import com.networknt.schema.ValidationMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.springframework.stereotype.Component;

/**
 * Shapes a message that failed for good into its dead letter: the original envelope as body, and headers naming the
 * failed route, the exception, the attempt count and the first failure time (plus the violations of an invalid
 * envelope). Also forgets the idempotency claim so that a replay is processed again.
 */
@Component("deadLetters")
public class DeadLetters {

    private final PostgresIdempotentRepository idempotency;

    public DeadLetters(PostgresIdempotentRepository idempotency) {
        this.idempotency = idempotency;
    }

    /** {@code onExceptionOccurred}, called on every failed attempt: counts attempts, remembers the first failure. */
    public void failedAttempt(Exchange exchange) {
        if (exchange.getProperty(BusHeaders.PROP_FIRST_FAILURE) == null) {
            exchange.setProperty(BusHeaders.PROP_FIRST_FAILURE, Instant.now().toString());
        }
        exchange.setProperty(BusHeaders.PROP_ATTEMPTS, exchange.getProperty(BusHeaders.PROP_ATTEMPTS, 0, Integer.class) + 1);
    }

    public void prepare(Exchange exchange) {
        Throwable cause = rootCause(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (cause == null) {
            cause = exchange.getException();
        }
        Message message = exchange.getMessage();
        String traceparent = message.getHeader(BusHeaders.TRACEPARENT, String.class);
        String agent = exchange.getVariable(BusHeaders.VAR_AGENT, String.class);
        String messageId = exchange.getVariable(BusHeaders.VAR_MESSAGE_ID, String.class);
        // counted by failedAttempt; an envelope rejected without retry never went through it
        int attempts = Math.max(1, exchange.getProperty(BusHeaders.PROP_ATTEMPTS, 0, Integer.class));
        String firstFailure = exchange.getProperty(BusHeaders.PROP_FIRST_FAILURE, String.class);
        Integer replays = message.getHeader(BusHeaders.REPLAY_COUNT, Integer.class);
        String correlationId = message.getHeader(BusHeaders.CORRELATION_ID, String.class);

        message.removeHeaders("*");
        message.setHeader(BusHeaders.AGENT, agent);
        message.setHeader(BusHeaders.MESSAGE_ID, messageId);
        message.setHeader(BusHeaders.CORRELATION_ID, correlationId);
        if (traceparent != null) {
            message.setHeader(BusHeaders.TRACEPARENT, traceparent);
        }
        if (replays != null) {
            message.setHeader(BusHeaders.REPLAY_COUNT, replays);
        }
        message.setHeader(BusHeaders.FAILED_ROUTE, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, "unknown",
                String.class));
        message.setHeader(BusHeaders.EXCEPTION_CLASS, cause == null ? "unknown" : cause.getClass().getName());
        message.setHeader(BusHeaders.EXCEPTION_MESSAGE, cause == null ? "" : truncate(cause.getMessage()));
        message.setHeader(BusHeaders.ATTEMPTS, attempts);
        message.setHeader(BusHeaders.FIRST_FAILURE_AT, firstFailure == null ? Instant.now().toString() : firstFailure);
        message.setHeader(BusHeaders.DEAD_LETTERED_AT, Instant.now().toString());
        List<String> violations = violations(cause);
        if (!violations.isEmpty()) {
            message.setHeader(BusHeaders.VIOLATIONS, truncate(String.join("\n", violations)));
        }
        message.setBody(exchange.getVariable(BusHeaders.VAR_RAW, String.class));
        // the claim belongs to this delivery unless another delivery of the message holds it (then it stays)
        if (agent != null && messageId != null
                && !(cause instanceof PostgresIdempotentRepository.MessageInProgressException)) {
            idempotency.remove(PostgresIdempotentRepository.key(agent, messageId));
        }
    }

    static List<String> violations(Throwable cause) {
        if (cause instanceof InvalidEnvelopeException invalid) {
            return invalid.violations();
        }
        if (cause instanceof JsonValidationException validation) {
            return validation.getErrors().stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.toList());
        }
        return List.of();
    }

    private static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }

    /** The exception that says what went wrong, not Camel's wrappers around it (CamelExecutionException, ...). */
    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause
                && (cause instanceof org.apache.camel.RuntimeCamelException || cause instanceof Error)) {
            cause = cause.getCause();
        }
        return cause;
    }
}
