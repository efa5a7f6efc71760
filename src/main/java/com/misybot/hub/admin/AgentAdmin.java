package com.misybot.hub.admin;

import com.misybot.hub.bus.AgentActivity;
import com.misybot.hub.bus.BusProperties;
import com.misybot.hub.bus.DeadLetterQueues;
import com.misybot.hub.bus.QueueDepths;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.Variable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The agents as operators see them (GET /api/v1/admin/agents): what operators asked, the broker's queue, Camel's
 * in-flight count and route status, the activity of the last 1, 5 and 15 minutes, the dead letters, the last
 * failure, a status and a health score. Figures of activity, in-flight exchanges and routes are this replica's;
 * the queue and the dead letters are the broker's (every replica's).
 */
@Service("agentAdmin")
public class AgentAdmin {

    static final int[] WINDOWS = {1, 5, 15};

    public record Control(String desired, long restarts, String reason, String updatedBy, Instant updatedAt) {
    }

    public record Activity(long count, long errors, double throughputPerSec, double errorRate, Long p50Ms,
                           Long p95Ms, Long p99Ms) {
    }

    public record RouteState(String routeId, String status) {
    }

    public record AgentView(String agent, String status, int healthScore, Control control,
                            QueueDepths.QueueDepth queue, int inFlight, Long deadLetters,
                            Map<String, Activity> activity, AgentActivity.Failure lastFailure,
                            List<RouteState> routes) {
    }

    public record Agents(String transport, String replica, List<AgentView> agents) {
    }

    private final AgentControl control;
    private final AgentActivity activity;
    private final QueueDepths depths;
    private final DeadLetterQueues deadLetters;
    private final CamelContext camel;
    private final BusProperties bus;
    private final HealthScore health;

    public AgentAdmin(AgentControl control, AgentActivity activity, QueueDepths depths, DeadLetterQueues deadLetters,
                      CamelContext camel, BusProperties bus,
                      @Value("${hub.ops.agents.latency-slo:PT10S}") Duration latencySlo) {
        this.control = control;
        this.activity = activity;
        this.depths = depths;
        this.deadLetters = deadLetters;
        this.camel = camel;
        this.bus = bus;
        this.health = new HealthScore(latencySlo.toMillis());
    }

    public Agents list() {
        Map<String, Long> dead = deadLetters.counts();
        List<AgentView> views = new ArrayList<>();
        for (String agent : bus.agents()) {
            views.add(view(agent, dead.get(agent)));
        }
        return new Agents(bus.transport().name().toLowerCase(), camel.getName(), views);
    }

    public AgentView get(@Variable("agent") String agent) {
        control.checkAgent(agent);
        return view(agent, deadLetters.counts().get(agent));
    }

    public AgentView act(@Variable("agent") String agent, @Variable("action") String action,
                         @Variable("reason") String reason, @Variable("caller") Caller caller) {
        if (reason != null && reason.length() > 500) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "reason must be at most 500 characters.");
        }
        control.change(agent, AgentControl.Action.valueOf(action.toUpperCase()),
                reason == null || reason.isBlank() ? null : reason.strip(), caller);
        return get(agent);
    }

    AgentView view(String agent, Long dead) {
        AgentControl.Wanted wanted = control.wanted(agent);
        String consumer = control.consumerRoute(agent);
        ServiceStatus consumerStatus = camel.getRouteController().getRouteStatus(consumer);
        List<RouteState> routes = new ArrayList<>();
        routes.add(new RouteState(consumer, consumerStatus == null ? "Missing" : consumerStatus.name()));
        for (String id : control.agentRoutes(agent)) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            routes.add(new RouteState(id, status == null ? "Missing" : status.name()));
        }
        int inFlight = camel.getInflightRepository().size(consumer);
        Map<String, Activity> windows = new LinkedHashMap<>();
        AgentActivity.Window fiveMinutes = null;
        AgentActivity.Window oneMinute = null;
        for (int minutes : WINDOWS) {
            AgentActivity.Window w = activity.window(agent, minutes);
            windows.put(minutes + "m", new Activity(w.count(), w.errors(), round(w.perSecond()),
                    round(w.errorRate()), w.p50Ms(), w.p95Ms(), w.p99Ms()));
            if (minutes == 1) {
                oneMinute = w;
            } else if (minutes == 5) {
                fiveMinutes = w;
            }
        }
        QueueDepths.QueueDepth queue = depths.depth(agent);
        boolean asked = !"running".equals(wanted.desired());
        boolean routesDown = routes.stream().anyMatch(r -> !"Started".equals(r.status()));
        HealthScore.Inputs inputs = new HealthScore.Inputs(asked, routesDown, fiveMinutes.errorRate(),
                fiveMinutes.p95Ms(), dead == null ? 0 : dead, queue.ready() == null ? 0 : queue.ready(),
                queue.consumers(), oneMinute.count(), inFlight);
        int score = health.score(inputs);
        return new AgentView(agent, health.status(inputs, score), score,
                new Control(wanted.desired(), wanted.restartSeq(), wanted.reason(), wanted.updatedBy(),
                        wanted.updatedAt()),
                queue, inFlight, dead, windows, activity.lastFailure(agent), routes);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
