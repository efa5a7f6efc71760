package com.misybot.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AgentActivity;
import com.misybot.hub.platform.web.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.RouteController;
import org.apache.camel.spi.SupervisingRouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.integration.leader.Context;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The agent watchdog (issue 15, item 2). Every {@code watchdog.interval}, on the replica holding the watchdog lock
 * (Spring Integration's {@code LockRegistryLeaderInitiator} over a JDBC lock in PostgreSQL), it judges each agent
 * operators want running by the rules of {@code config/alerts.yaml}. A rule that holds for its {@code for}
 * evaluations fires its alert (deduplicated, with cooldown); when the alert fires and the rule's action is
 * {@code restart} or {@code pause}, an {@code agent.recovery.requested} control message goes on the bus, and the
 * recovery route ({@link #recover}) takes the action on every replica through the agents' control, then records the
 * outcome in {@code watchdog_event} and on the alert. An alert whose rule no longer holds resolves (announced once).
 */
public class Watchdog {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    public static final String CONTROL_HEADER = "hubControl";
    public static final String RECOVERY_REQUESTED = "agent.recovery.requested";
    /** The identity the watchdog's control changes and audit records carry. */
    static final Caller WATCHDOG = new Caller("watchdog", "watchdog", Set.of("system"));

    /** What the watchdog saw of an agent at the last evaluation, and how long each rule has held. */
    static final class Seen {
        long backlog = -1;
        long completed = -1;
        long deadLetters = -1;
        final Map<String, Integer> streak = new HashMap<>();

        Seen() {
        }

        Seen(long backlog, long completed, long deadLetters) {
            this.backlog = backlog;
            this.completed = completed;
            this.deadLetters = deadLetters;
        }
    }

    private final AlertsConfig config;
    private final AgentAdmin agents;
    private final AgentActivity activity;
    private final AgentControl control;
    private final Alerts alerts;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final java.util.function.Supplier<Context> leadership;
    private final Map<String, Seen> seen = new HashMap<>();

    public Watchdog(AlertsConfig config, AgentAdmin agents, AgentActivity activity, AgentControl control,
                    Alerts alerts, CamelContext camel, ProducerTemplate producer, JdbcTemplate jdbc,
                    ObjectMapper json, java.util.function.Supplier<Context> leadership) {
        this.config = config;
        this.agents = agents;
        this.activity = activity;
        this.control = control;
        this.alerts = alerts;
        this.camel = camel;
        this.producer = producer;
        this.jdbc = jdbc;
        this.json = json;
        this.leadership = leadership;
    }

    /** Whether this replica holds the watchdog lock. */
    public boolean isLeader() {
        Context context = leadership.get();
        return context != null && context.isLeader();
    }

    /** One evaluation (the timer route's body); does nothing on a replica without the lock. */
    public synchronized void evaluate() {
        if (!config.watchdogEnabled() || !isLeader()) {
            seen.clear();
            return;
        }
        Set<String> breaching = new HashSet<>();
        Map<String, Set<String>> supervised = supervised();
        for (AgentAdmin.AgentView view : agents.list().agents()) {
            if (!"running".equals(view.control().desired())) {
                seen.remove(view.agent());
                continue;
            }
            Seen before = seen.computeIfAbsent(view.agent(), a -> new Seen());
            // a replica that just took the lock has nothing to compare with yet: it leaves firing alerts as they are
            boolean fresh = before.completed < 0;
            Observed now = observe(view, supervised);
            for (AlertsConfig.Rule rule : config.rules()) {
                String why = breach(rule, now, before);
                String key = rule.name() + ":" + view.agent();
                if (why == null) {
                    before.streak.remove(rule.name());
                    if (fresh) {
                        breaching.add(key);
                    }
                    continue;
                }
                // an alert stays firing while its condition holds, even before it held `for` times again
                breaching.add(key);
                int streak = before.streak.merge(rule.name(), 1, Integer::sum);
                if (streak < rule.forEvaluations()) {
                    continue;
                }
                Alerts.Breach breach = new Alerts.Breach(rule.name(), view.agent(), rule.severity(),
                        title(rule, view.agent()), why, rule.runbook());
                String recovery = "alert".equals(rule.action()) ? null : rule.action() + " requested";
                if (alerts.fire(breach, recovery) != null && recovery != null) {
                    request(rule, view.agent(), now);
                }
            }
            before.backlog = now.backlog;
            before.completed = now.completed;
            before.deadLetters = now.deadLetters;
        }
        alerts.resolveAllBut(breaching);
    }

    /** The figures the rules read. */
    record Observed(long backlog, long completed, long deadLetters, long count1m, double errorRate1m, long count5m,
                    Long p95Ms5m, List<String> routesDown) {
    }

    private Observed observe(AgentAdmin.AgentView view, Map<String, Set<String>> supervised) {
        Long ready = view.queue().ready();
        Long unacked = view.queue().unacknowledged();
        long backlog = (ready == null ? 0 : ready) + (unacked != null ? unacked : view.inFlight());
        AgentAdmin.Activity one = view.activity().get("1m");
        AgentAdmin.Activity five = view.activity().get("5m");
        List<String> down = new ArrayList<>();
        for (AgentAdmin.RouteState route : view.routes()) {
            if (!"Started".equals(route.status())) {
                down.add(route.routeId() + " is " + route.status());
            }
            for (Map.Entry<String, Set<String>> s : supervised.entrySet()) {
                if (s.getValue().contains(route.routeId())) {
                    down.add(route.routeId() + " is " + s.getKey() + " by the supervising route controller");
                }
            }
        }
        return new Observed(backlog, activity.completed(view.agent()),
                view.deadLetters() == null ? 0 : view.deadLetters(), one.count(), one.errorRate(), five.count(),
                five.p95Ms(), down);
    }

    /** Why {@code rule} holds now, or null. */
    static String breach(AlertsConfig.Rule rule, Observed now, Seen before) {
        return switch (rule.when()) {
            case "stalled" -> now.backlog > 0 && before.completed >= 0 && now.completed == before.completed
                    && now.backlog >= before.backlog
                    ? now.backlog + " message(s) waiting and none finished since the last check" : null;
            case "error-rate" -> now.count1m >= rule.minCount() && now.errorRate1m > rule.threshold()
                    ? String.format("%.0f%% of %d exchanges failed in the last minute (threshold %.0f%%)",
                            now.errorRate1m * 100, now.count1m, rule.threshold() * 100) : null;
            case "dead-letters" -> before.deadLetters >= 0 && now.deadLetters - before.deadLetters > rule.threshold()
                    ? "dead letters grew from " + before.deadLetters + " to " + now.deadLetters : null;
            case "p95" -> now.count5m >= rule.minCount() && now.p95Ms5m != null && now.p95Ms5m > rule.threshold()
                    ? "p95 over 5 minutes is " + now.p95Ms5m + " ms (threshold " + (long) rule.threshold() + " ms)"
                    : null;
            case "route-down" -> now.routesDown.isEmpty() ? null : String.join("; ", now.routesDown);
            default -> null;
        };
    }

    private static String title(AlertsConfig.Rule rule, String agent) {
        return switch (rule.when()) {
            case "stalled" -> "Agent " + agent + " is stalled";
            case "error-rate" -> "Agent " + agent + " fails too often";
            case "dead-letters" -> "Dead letters of " + agent + " are growing";
            case "p95" -> "Agent " + agent + " is slow";
            default -> "A route of agent " + agent + " is down";
        };
    }

    /** Routes the supervising route controller is restarting or gave up on, by that state. */
    private Map<String, Set<String>> supervised() {
        RouteController controller = camel.getRouteController();
        if (!(controller instanceof SupervisingRouteController supervising)) {
            return Map.of();
        }
        Map<String, Set<String>> states = new LinkedHashMap<>();
        Set<String> restarting = new HashSet<>();
        supervising.getRestartingRoutes().forEach(r -> restarting.add(r.getRouteId()));
        Set<String> exhausted = new HashSet<>();
        supervising.getExhaustedRoutes().forEach(r -> exhausted.add(r.getRouteId()));
        states.put("restarting", restarting);
        states.put("exhausted", exhausted);
        return states;
    }

    /** Records and publishes an {@code agent.recovery.requested} control message. */
    private void request(AlertsConfig.Rule rule, String agent, Observed observed) {
        UUID id = UUID.randomUUID();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", RECOVERY_REQUESTED);
        message.put("requestId", id.toString());
        message.put("rule", rule.name());
        message.put("agent", agent);
        message.put("action", rule.action());
        message.put("observed", observed);
        message.put("requestedAt", Instant.now().toString());
        String body = write(message);
        jdbc.update("INSERT INTO watchdog_event (request_id, rule, agent, action, observed) "
                + "VALUES (?, ?, ?, ?, CAST(? AS jsonb))", id, rule.name(), agent, rule.action(), write(observed));
        LOG.warn("Watchdog: {} breached rule {}; {} requested ({})", agent, rule.name(), rule.action(), id);
        producer.sendBodyAndHeader("direct:bus-control-publish", body, CONTROL_HEADER, RECOVERY_REQUESTED);
    }

    /**
     * The recovery route's body, on the replica holding the watchdog lock: restart or pause the agent on every
     * replica (audited as the watchdog), once per request.
     */
    public synchronized void recover(String body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (JsonProcessingException e) {
            LOG.warn("Watchdog: unreadable recovery request ignored: {}", e.getOriginalMessage());
            return;
        }
        UUID id = UUID.fromString(request.path("requestId").asText());
        String agent = request.path("agent").asText();
        String rule = request.path("rule").asText();
        String action = request.path("action").asText();
        int claimed = jdbc.update("UPDATE watchdog_event SET outcome = 'in-progress', handled_by = ? "
                + "WHERE request_id = ? AND outcome IS NULL", camel.getName(), id);
        if (claimed == 0) {
            return;
        }
        String outcome;
        String detail;
        try {
            AgentControl.Action wanted = "pause".equals(action) ? AgentControl.Action.PAUSE
                    : AgentControl.Action.RESTART;
            control.change(agent, wanted, "watchdog: rule " + rule + " (request " + id + ")", WATCHDOG);
            outcome = "pause".equals(action) ? "paused" : "restarted";
            detail = outcome + " on every replica at " + Instant.now();
        } catch (RuntimeException e) {
            outcome = "failed";
            detail = e.toString();
            LOG.warn("Watchdog: recovery {} of {} failed: {}", action, agent, e.toString());
        }
        jdbc.update("UPDATE watchdog_event SET outcome = ?, outcome_detail = ?, handled_at = now() "
                + "WHERE request_id = ?", outcome, detail, id);
        alerts.recovery(rule + ":" + agent, detail);
        LOG.info("Watchdog: {} of {} for rule {}: {}", action, agent, rule, detail);
        Seen state = seen.get(agent);
        if (state != null) {
            state.streak.clear();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
