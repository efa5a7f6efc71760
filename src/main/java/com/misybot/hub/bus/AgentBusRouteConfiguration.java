package com.misybot.hub.bus;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.springframework.stereotype.Component;

/**
 * Route configuration {@code agent-bus}, shared by every agent route (Java and YAML): redelivery with exponential
 * backoff, then the agent's dead-letter queue; an invalid envelope goes to the dead-letter queue without retry.
 */
@Component
public class AgentBusRouteConfiguration extends RouteConfigurationBuilder {

    /** Id that agent routes reference with {@code routeConfigurationId}. */
    public static final String ID = "agent-bus";

    private final BusProperties bus;
    private final DeadLetters deadLetters;

    public AgentBusRouteConfiguration(BusProperties bus, DeadLetters deadLetters) {
        this.bus = bus;
        this.deadLetters = deadLetters;
    }

    @Override
    public void configuration() {
        BusProperties.Retry retry = bus.retry();
        routeConfiguration(ID)
                .errorHandler(deadLetterChannel("direct:agent-bus-dead-letter")
                        // a dead letter that cannot be stored fails the delivery: the broker keeps the message
                        .deadLetterHandleNewException(false)
                        .maximumRedeliveries(retry.maxRedeliveries())
                        .redeliveryDelay(retry.initialDelay().toMillis())
                        .useExponentialBackOff()
                        .backOffMultiplier(retry.multiplier())
                        .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .onExceptionOccurred(deadLetters::failedAttempt))
                // another delivery of the same message is being processed (concurrent workers, or a consumer that
                // died): wait for it, once a second, until its claim lease is over, rather than spend the retries
                .onException(PostgresIdempotentRepository.MessageInProgressException.class)
                    .maximumRedeliveries((int) Math.max(1, bus.idempotency().claimLease().toSeconds()))
                    .redeliveryDelay(1000)
                    .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .end()
                // retrying cannot fix a malformed message
                .onException(InvalidEnvelopeException.class, JsonValidationException.class)
                    .handled(true).maximumRedeliveries(0)
                    .to("direct:agent-bus-dead-letter");
    }
}
