package com.misybot.hub.support;

import com.misybot.hub.bus.AgentBusRouteConfiguration;
import com.misybot.hub.bus.Envelope;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Test agent {@code bus-probe} (declared in application-test.yaml), an ordinary agent route on the bus kamelet. Every
 * attempt is recorded as a {@code probe.attempt} row; payload {@code mode} decides the outcome: {@code ok} records a
 * {@code probe.effect} row (no unique constraint: a duplicate effect would show as two rows), {@code fail} throws
 * until the test {@link #heal heals} the message, {@code block} hangs until the agent's consumer route stops (a
 * restart), then fails once.
 */
@Component
public class BusProbeRoutes extends RouteBuilder {

    private static final Set<String> HEALED = ConcurrentHashMap.newKeySet();

    private final JdbcTemplate jdbc;

    public BusProbeRoutes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static void heal(String messageId) {
        HEALED.add(messageId);
    }

    @Override
    public void configure() {
        from("kamelet:agent-bus-source?agent=bus-probe").routeId("bus-probe")
                .routeConfigurationId(AgentBusRouteConfiguration.ID)
                .process(this::handle);
    }

    private void handle(Exchange exchange) {
        Envelope envelope = exchange.getMessage().getBody(Envelope.class);
        record("probe.attempt", envelope);
        if ("block".equals(envelope.payload().get("mode")) && !HEALED.contains(envelope.messageId())) {
            // a hung call: waits until its consumer is stopped (an agent restart), then fails; the redelivery passes
            block(exchange);
            HEALED.add(envelope.messageId());
            throw new IllegalStateException("probe blocked until its consumer stopped: " + envelope.messageId());
        }
        if ("fail".equals(envelope.payload().get("mode")) && !HEALED.contains(envelope.messageId())) {
            throw new IllegalStateException("probe failure for " + envelope.messageId());
        }
        record("probe.effect", envelope);
    }

    private static void block(Exchange exchange) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && consumerStarted(exchange)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean consumerStarted(Exchange exchange) {
        return exchange.getContext().getRoutes().stream().filter(r -> r.getRouteId().endsWith("-in-bus-probe"))
                .allMatch(r -> exchange.getContext().getRouteController().getRouteStatus(r.getRouteId()).isStarted());
    }

    private void record(String event, Envelope envelope) {
        jdbc.update("INSERT INTO agent_event_log (agent, event_type, session_id, correlation_id, payload) "
                        + "VALUES ('bus-probe', ?, ?, ?, jsonb_build_object('messageId', ?::text))",
                event, envelope.sessionId(), envelope.correlationId(), envelope.messageId());
    }
}
