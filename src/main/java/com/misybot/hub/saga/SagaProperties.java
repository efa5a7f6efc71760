package com.misybot.hub.saga;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.saga.*}: which saga service runs the hub's sagas and how the persistent one recovers them. */
@ConfigurationProperties(prefix = "hub.saga")
public record SagaProperties(@DefaultValue("persistent") Mode mode,
                            @DefaultValue("PT15S") Duration lease,
                            @DefaultValue("PT1S") Duration recoveryInterval,
                            @DefaultValue("500") int recoveryBatch,
                            @DefaultValue("8") int workers,
                            @DefaultValue Compensation compensation,
                            @DefaultValue Lra lra) {

    public enum Mode { PERSISTENT, LRA, MEMORY }

    /** Retries of a failing compensation (or completion) before the saga is left to an operator. */
    public record Compensation(@DefaultValue("5") int maxAttempts,
                               @DefaultValue("PT1S") Duration initialBackoff,
                               @DefaultValue("2.0") double multiplier,
                               @DefaultValue("PT5M") Duration maxBackoff) {

        /** Delay before retry number {@code attempts} + 1 after {@code attempts} failures. */
        public Duration backoff(int attempts) {
            double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
            return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
        }
    }

    /** Narayana LRA coordinator used in mode {@code lra}. */
    public record Lra(@DefaultValue("http://localhost:8180") String coordinatorUrl,
                      @DefaultValue("/lra-coordinator") String coordinatorContextPath,
                      @DefaultValue("http://localhost:8080/api/v1") String localParticipantUrl,
                      @DefaultValue("/lra-participant") String localParticipantContextPath) {
    }
}
