package com.misybot.hub.admin;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.apache.camel.model.rest.RestParamType;
import org.springframework.stereotype.Component;

/**
 * Operator API of the agents: status, queue, activity and health (operator, auditor, superadmin read); pause,
 * resume, restart and terminate (operator, superadmin), applied on every replica. Also the control messages'
 * receiving end and the periodic reconcile (route agent-control-sync).
 */
@Component
public class AgentAdminRoutes extends IngressRouteBuilder {

    private static final String[] ACTIONS = {"pause", "resume", "restart", "terminate"};

    private final java.time.Duration watchdogInterval;

    public AgentAdminRoutes(JsonReplies replies, AlertsConfig alerts) {
        super(replies);
        this.watchdogInterval = alerts.interval();
    }

    @Override
    public void configure() {
        var rest = rest("/admin/agents").tag("agents")
                .get().id("rest-admin-agents-list")
                    .description("Every agent: status, health score, queue, in-flight exchanges, activity over 1, 5 "
                            + "and 15 minutes, dead letters, last failure, and what operators asked")
                    .produces("application/json")
                    .to("direct:admin-agents-list")
                .get("/{agent}").id("rest-admin-agent-get")
                    .description("One agent, as in the list").produces("application/json")
                    .to("direct:admin-agent-get");
        for (String action : ACTIONS) {
            rest.post("/{agent}/" + action).id("rest-admin-agent-" + action)
                    .description(describe(action)).produces("application/json")
                    .param().name("reason").type(RestParamType.query).dataType("string").required(false)
                        .description("Why (up to 500 characters), kept in the audit record").endParam()
                    .to("direct:admin-agent-" + action);
        }

        ingress("admin-agents-list")
                .bean("agentAdmin", "list")
                .process(reply(200));

        ingress("admin-agent-get", "agent")
                .bean("agentAdmin", "get")
                .process(reply(200));

        for (String action : ACTIONS) {
            ingress("admin-agent-" + action, "agent", "reason")
                    .setVariable("action", constant(action))
                    .bean("agentAdmin", "act")
                    .process(reply(200));
        }

        // another replica (or this one) changed an agent's control row: apply it here
        // and the watchdog's agent.recovery.requested, taken by the replica holding the watchdog lock
        from("direct:bus-control-in").routeId("agent-control-in")
                .convertBodyTo(String.class)
                .choice()
                    .when(header(Watchdog.CONTROL_HEADER).isEqualTo(Watchdog.RECOVERY_REQUESTED))
                        .to("direct:agent-recovery")
                    .otherwise()
                        .bean("agentControl", "reconcile");

        from("direct:agent-recovery").routeId("agent-recovery")
                .filter(method("watchdog", "isLeader"))
                .bean("watchdog", "recover");

        // the watchdog: on the replica holding its lock, the rules of config/alerts.yaml every watchdog.interval
        from("timer:agent-watchdog?delay=5000&period=" + watchdogInterval.toMillis()).routeId("agent-watchdog")
                .bean("watchdog", "evaluate");

        // rows changed while a control message was lost, or before this replica started
        from("timer:agent-control-sync?delay=0&period={{hub.ops.agents.control-sync-interval:5s}}")
                .routeId("agent-control-sync")
                .bean("agentControl", "reconcileAll");
    }

    private static String describe(String action) {
        return switch (action) {
            case "pause" -> "Suspend the agent's consumers on every replica (its queue keeps the messages)";
            case "resume" -> "Resume (or start) the agent's consumers on every replica";
            case "restart" -> "Restart the agent's routes on every replica (exchanges in flight finish first)";
            default -> "Stop consuming on every replica after the exchanges in flight finished, until resumed";
        };
    }
}
