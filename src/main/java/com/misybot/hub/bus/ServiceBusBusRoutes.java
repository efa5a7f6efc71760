package com.misybot.hub.bus;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.azure.servicebus.ServiceBusConstants;
import org.apache.camel.spi.CircuitBreakerConstants;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Azure Service Bus transport (camel-azure-servicebus): one queue {@code hub.agent.<agent>} per agent, scheduled
 * messages for delays. Sends go through a resilience4j circuit breaker: when Service Bus fails or answers too slowly,
 * the message is published to the RabbitMQ transport instead, and agents consume both. Dead letters go to the
 * RabbitMQ dead-letter queues, where the operator API reads them (Service Bus' own dead-letter sub-queue keeps what
 * Service Bus dead-letters by itself, e.g. after its MaxDeliveryCount).
 */
@Component
@ConditionalOnProperty(name = "hub.bus.transport", havingValue = "servicebus")
public class ServiceBusBusRoutes extends RouteBuilder {

    private final BusProperties bus;

    public ServiceBusBusRoutes(BusProperties bus) {
        this.bus = bus;
    }

    /**
     * Short tries and few retries: the SDK default blocks a send for minutes when the namespace is unreachable. The
     * breaker's send-timeout should end a send before the SDK gives up on its own, so failover is decided in one place.
     */
    @Bean
    static AmqpRetryOptions busServiceBusRetryOptions(BusProperties bus) {
        return new AmqpRetryOptions()
                .setMode(AmqpRetryMode.EXPONENTIAL)
                .setMaxRetries(bus.servicebus().maxRetries())
                .setTryTimeout(bus.servicebus().tryTimeout())
                // the SDK backs off from delay + its 4 s server-busy wait; a max delay below that makes Reactor's
                // jittered backoff fail ("bound must be greater than origin") instead of retrying
                .setDelay(Duration.ofSeconds(1))
                .setMaxDelay(Duration.ofSeconds(10));
    }

    @Override
    public void configure() {
        BusProperties.Servicebus sb = bus.servicebus();
        String options = "?amqpRetryOptions=#busServiceBusRetryOptions";

        from("direct:bus-servicebus-send").routeId("bus-servicebus-send")
                .errorHandler(noErrorHandler())
                .filter(variable(BusHeaders.VAR_DELAY_MS).isGreaterThan(0))
                    .setHeader(ServiceBusConstants.PRODUCER_OPERATION, constant("scheduleMessages"))
                    .setHeader(ServiceBusConstants.SCHEDULED_ENQUEUE_TIME, method(ServiceBusBusRoutes.class,
                            "enqueueAt(${variable." + BusHeaders.VAR_DELAY_MS + "})"))
                .end()
                .circuitBreaker()
                    .resilience4jConfiguration()
                        .timeoutEnabled(true).timeoutDuration((int) sb.sendTimeout().toMillis())
                        .minimumNumberOfCalls(2).slidingWindowSize(10).failureRateThreshold(50)
                        .waitDurationInOpenState((int) sb.breakerOpenFor().toSeconds())
                    .end()
                    .toD("azure-servicebus:" + sb.queuePrefix() + "${variable." + BusHeaders.VAR_AGENT + "}"
                            + options)
                .onFallback()
                    .log(LoggingLevel.WARN, "Service Bus unavailable (breaker ${exchangeProperty."
                            + CircuitBreakerConstants.RESPONSE_STATE + "}, timed out ${exchangeProperty."
                            + CircuitBreakerConstants.RESPONSE_TIMED_OUT + "}): message ${variable."
                            + BusHeaders.VAR_MESSAGE_ID + "} fails over to RabbitMQ")
                    .removeHeaders("CamelAzureServiceBus*")
                    .to("direct:bus-rabbitmq-send")
                .end();

        from("direct:bus-servicebus-dead-letter").routeId("bus-servicebus-dead-letter")
                .errorHandler(noErrorHandler())
                .to("direct:bus-rabbitmq-dead-letter");

        for (String agent : bus.agents()) {
            from("azure-servicebus:" + sb.queuePrefix() + agent + options)
                    .routeId(BusProperties.consumerRoute(BusProperties.Transport.SERVICEBUS, agent))
                    .errorHandler(noErrorHandler())
                    .setVariable(BusHeaders.VAR_AGENT, constant(agent))
                    .to("direct:agent-bus-receive");
        }
    }

    /** When a message delayed by {@code delayMs} should appear in its queue. */
    public static OffsetDateTime enqueueAt(long delayMs) {
        return OffsetDateTime.now().plusNanos(delayMs * 1_000_000L);
    }
}
