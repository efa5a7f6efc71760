package com.misybot.hub.admin;

import com.misybot.hub.bus.BusProperties;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.web.Caller;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.RouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pause, resume, restart and terminate an agent on every replica. What the operator asked is a row of
 * {@code agent_control} (with the audit record, in one transaction); then this replica applies it at once and a
 * control message on the bus tells the others, which re-read the row; a periodic reconcile (route
 * {@code agent-control-sync}) makes up for a message a replica missed or a replica started later. Applying is
 * idempotent: it compares the consumer route's status with the wanted one.
 * <ul>
 *   <li>pause: Camel's route controller suspends the agent's inbound bus route (the broker keeps the messages);</li>
 *   <li>resume: resumes (or starts) it;</li>
 *   <li>restart: stops the inbound route (exchanges in flight finish), restarts the agent's own routes, starts it;</li>
 *   <li>terminate: stops the inbound route gracefully (drains what it took) and leaves it stopped until resumed.</li>
 * </ul>
 */
@Service("agentControl")
public class AgentControl {

    public enum Action { PAUSE, RESUME, RESTART, TERMINATE }

    /** What operators last asked of an agent; {@code running} with no row. */
    public record Wanted(String agent, String desired, long restartSeq, String reason, String updatedBy,
                         Instant updatedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AgentControl.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final BusProperties bus;
    /** The restart number this replica applied last, per agent (none: the first one seen is taken as applied). */
    private final Map<String, Long> restarted = new ConcurrentHashMap<>();

    /** Published after this replica applied what operators asked of an agent (the console's stream listens). */
    public record Applied(String agent, String desired) {
    }

    private final org.springframework.context.ApplicationEventPublisher events;

    public AgentControl(JdbcTemplate jdbc, TransactionTemplate tx, AuditLog audit, CamelContext camel,
                        ProducerTemplate producer, BusProperties bus,
                        org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.camel = camel;
        this.producer = producer;
        this.bus = bus;
    }

    /** The inbound bus route of {@code agent} on this replica's transport. */
    public String consumerRoute(String agent) {
        return bus.consumerRoute(agent);
    }

    public void checkAgent(String agent) {
        bus.requireAgent(agent);
    }

    /**
     * Records what {@code caller} asked (audited; a pause of a paused agent changes nothing and is still
     * answered), applies it here and tells the other replicas.
     */
    public Wanted change(String agent, Action action, String reason, Caller caller) {
        checkAgent(agent);
        Wanted wanted = tx.execute(status -> {
            Wanted before = wanted(agent);
            // a restart asked here is applied here even before the first reconcile saw the agent
            restarted.putIfAbsent(agent, before.restartSeq());
            String desired = switch (action) {
                case PAUSE -> "paused";
                case RESUME, RESTART -> "running";
                case TERMINATE -> "terminated";
            };
            long seq = before.restartSeq() + (action == Action.RESTART ? 1 : 0);
            jdbc.update("""
                    INSERT INTO agent_control (agent, desired, restart_seq, reason, updated_by, updated_at)
                    VALUES (?, ?, ?, ?, ?, now())
                    ON CONFLICT (agent) DO UPDATE SET desired = EXCLUDED.desired, restart_seq = EXCLUDED.restart_seq,
                        reason = EXCLUDED.reason, updated_by = EXCLUDED.updated_by, updated_at = now()""",
                    agent, desired, seq, reason, caller.id());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", before.desired());
            details.put("to", desired);
            if (action == Action.RESTART) {
                details.put("restart", seq);
            }
            if (reason != null) {
                details.put("reason", reason);
            }
            audit.append(AuditEvent.by(caller.id(), caller.roles(), "agent." + action.name().toLowerCase(),
                    "agent:" + agent, details));
            return wanted(agent);
        });
        apply(wanted);
        events.publishEvent(new Applied(agent, wanted.desired()));
        try {
            producer.sendBody("direct:bus-control-publish", agent);
        } catch (RuntimeException e) {
            // the row is the truth: the other replicas' reconcile applies it within hub.ops.control-sync-interval
            LOG.warn("Control message for {} not sent ({}); other replicas apply it at their next reconcile", agent,
                    e.getMessage());
        }
        return wanted;
    }

    /** What operators last asked of {@code agent} ({@code running} when never asked anything). */
    public Wanted wanted(String agent) {
        List<Wanted> rows = jdbc.query("SELECT agent, desired, restart_seq, reason, updated_by, updated_at "
                + "FROM agent_control WHERE agent = ?", (rs, i) -> new Wanted(rs.getString(1), rs.getString(2),
                rs.getLong(3), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6))), agent);
        return rows.isEmpty() ? new Wanted(agent, "running", 0, null, null, null) : rows.get(0);
    }

    /** Applies the row of {@code agent} here (a control message arrived). */
    public void reconcile(String agent) {
        if (agent != null && bus.agents().contains(agent)) {
            apply(wanted(agent));
        }
    }

    /** Applies every row here (the periodic reconcile, and at start). */
    public void reconcileAll() {
        for (String agent : bus.agents()) {
            try {
                apply(wanted(agent));
            } catch (RuntimeException e) {
                LOG.error("Applying the control state of agent {} failed", agent, e);
            }
        }
    }

    /** The routes of an agent besides its consumer: those fed by its bus kamelet. */
    public List<String> agentRoutes(String agent) {
        String entry = "agent-bus-in-" + agent;
        List<String> ids = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            String uri = route.getEndpoint().getEndpointUri();
            if (uri.endsWith("//" + entry) || uri.endsWith(":" + entry)
                    || (uri.contains("agent-bus-source") && uri.contains("agent=" + agent)
                        && !uri.contains("agent=" + agent + "-"))) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    private synchronized void apply(Wanted wanted) {
        String consumer = consumerRoute(wanted.agent());
        RouteController routes = camel.getRouteController();
        ServiceStatus status = routes.getRouteStatus(consumer);
        if (status == null) {
            return;
        }
        try {
            Long applied = restarted.putIfAbsent(wanted.agent(), wanted.restartSeq());
            if (applied != null && wanted.restartSeq() < applied) {
                // the row was removed and made again (its count starts over): count from where it is now
                restarted.put(wanted.agent(), wanted.restartSeq());
                applied = wanted.restartSeq();
            }
            switch (wanted.desired()) {
                case "paused" -> {
                    // a stopped (terminated) consumer consumes nothing either: it stays stopped until resumed
                    if (status == ServiceStatus.Started) {
                        routes.suspendRoute(consumer);
                        LOG.info("Agent {} paused on this replica (route {} suspended)", wanted.agent(), consumer);
                    }
                }
                case "terminated" -> {
                    if (status != ServiceStatus.Stopped) {
                        routes.stopRoute(consumer, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        LOG.info("Agent {} terminated on this replica (route {} drained and stopped)",
                                wanted.agent(), consumer);
                    }
                }
                default -> {
                    if (applied != null && applied < wanted.restartSeq()) {
                        restart(wanted.agent(), consumer);
                        restarted.put(wanted.agent(), wanted.restartSeq());
                    } else if (status == ServiceStatus.Suspended) {
                        routes.resumeRoute(consumer);
                        LOG.info("Agent {} resumed on this replica", wanted.agent());
                    } else if (status == ServiceStatus.Stopped) {
                        routes.startRoute(consumer);
                        LOG.info("Agent {} started on this replica", wanted.agent());
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Agent " + wanted.agent() + " could not be made " + wanted.desired()
                    + ": " + e.getMessage(), e);
        }
    }

    private void restart(String agent, String consumer) throws Exception {
        RouteController routes = camel.getRouteController();
        routes.stopRoute(consumer, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> own = agentRoutes(agent);
        for (String id : own) {
            routes.stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        for (String id : own) {
            routes.startRoute(id);
        }
        routes.startRoute(consumer);
        LOG.info("Agent {} restarted on this replica (routes {} and {})", agent, own, consumer);
    }

    private static Instant instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant).orElse(null);
    }
}
