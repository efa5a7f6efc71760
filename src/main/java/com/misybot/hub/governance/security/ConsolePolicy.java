package com.misybot.hub.governance.security;

import static com.misybot.hub.governance.security.Roles.AUDITOR;
import static com.misybot.hub.governance.security.Roles.OPERATOR;
import static com.misybot.hub.governance.security.Roles.SUPERADMIN;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;

/**
 * What each console role may do through Jolokia/Hawtio: an allow-list, deny by default. An MBean operation is
 * allowed only when a rule names its domain, its {@code type} key and the operation itself, so an operation a future
 * Camel version adds is refused until someone adds it here. No rule, for any role, allows sending or requesting a
 * message ({@code send*}, {@code request*}), adding, updating or removing routes or templates, evaluating an
 * expression (debugger, backlog tracer), changing logging, or writing an attribute: route changes go through the
 * governed API, never through JMX.
 */
public final class ConsolePolicy {

    /** What a rule grants: {@link #READ} never changes anything; {@link #OPERATE} steers routes and consumers. */
    public enum Level { READ, OPERATE }

    /** Jolokia request types a console role may send; {@code write}, {@code exec} of anything unlisted, etc. are not. */
    static final Set<String> READ_TYPES = Set.of("read", "list", "search", "version");

    /** Domains whose attributes console roles may read (and that {@code list}/{@code search} show). */
    static final Set<String> READABLE_DOMAINS = Set.of("org.apache.camel", "java.lang", "java.nio", "hawtio",
            "jolokia", "com.zaxxer.hikari", "JMImplementation");

    private record Rule(String domain, String type, Level level, Set<String> operations) {
        boolean matches(ObjectName name) {
            return domain.equals(name.getDomain()) && (type == null || type.equals(name.getKeyProperty("type")));
        }
    }

    private static Rule rule(String domain, String type, Level level, String... operations) {
        return new Rule(domain, type, level, Set.of(operations));
    }

    private static final String CAMEL = "org.apache.camel";

    private static final List<Rule> OPERATIONS = List.of(
            // route definitions and statistics (the route diagram, the routes table)
            rule(CAMEL, "context", Level.READ, "dumpRoutesAsXml", "dumpRoutesAsYaml", "dumpRestsAsXml",
                    "dumpRouteTemplatesAsXml", "dumpRoutesStatsAsXml", "dumpRouteStatsAsJSon", "dumpStatsAsXml",
                    "dumpStatsAsJSon", "dumpStepStatsAsXml", "dumpRoutesCoverageAsXml", "statsAsJSon",
                    "componentNames", "dataFormatNames", "languageNames", "routeIds", "routeGroups"),
            rule(CAMEL, "routes", Level.READ, "dumpRouteAsXml", "dumpRouteAsYaml", "dumpRouteSourceLocationsAsXml",
                    "dumpRouteStatsAsJSon", "dumpRouteStatsAsXml", "dumpStatsAsJSon", "dumpStatsAsXml",
                    "dumpStepStatsAsXml", "processorIds", "statsAsJSon"),
            rule(CAMEL, "processors", Level.READ, "dumpProcessorAsXml", "dumpStatsAsJSon", "dumpStatsAsXml",
                    "statsAsJSon"),
            rule(CAMEL, "services", Level.READ, "listRestServices", "apiDocAsJson", "listEndpoints",
                    "listStatistics", "listTasks", "dumpStatisticsAsJson", "dumpStatisticsAsJsonTimeUnitSeconds"),
            rule(CAMEL, "health", Level.READ, "details", "invoke"),
            rule("java.lang", "Threading", Level.READ, "findDeadlockedThreads", "findMonitorDeadlockedThreads"),
            // Hawtio asks these at start to decide what to show; both only answer questions
            rule("hawtio", "security", Level.READ, "canInvoke", "list"),
            // route lifecycle and statistics resets
            rule(CAMEL, "routes", Level.OPERATE, "start", "stop", "suspend", "resume", "restart", "reset"),
            rule(CAMEL, "consumers", Level.OPERATE, "start", "stop", "suspend", "resume"),
            rule(CAMEL, "context", Level.OPERATE, "reset"),
            rule(CAMEL, "processors", Level.OPERATE, "reset"),
            // in-flight exchanges, message history and browsable queues: they show message content
            rule(CAMEL, "services", Level.OPERATE, "browse"),
            rule(CAMEL, "tracer", Level.OPERATE, "dumpAllTracedMessagesAsXml", "dumpAllTracedMessagesAsJSon",
                    "dumpTracedMessagesAsXml", "dumpTracedMessagesAsJSon", "dumpLatestMessageHistoryAsXml",
                    "dumpLatestMessageHistoryAsJSon"),
            rule(CAMEL, "endpoints", Level.OPERATE, "browseAllMessagesAsJSon", "browseAllMessagesAsXml",
                    "browseExchange", "browseMessageAsJSon", "browseMessageAsXml", "browseMessageBody",
                    "browseRangeMessagesAsJSon", "browseRangeMessagesAsXml", "queueSize"),
            rule("java.lang", "Threading", Level.OPERATE, "dumpAllThreads"));

    /** Console roles and what each may do; {@code user} has no console. */
    private static final Map<String, Set<Level>> LEVELS = Map.of(
            AUDITOR, Set.of(Level.READ),
            OPERATOR, Set.of(Level.READ, Level.OPERATE),
            SUPERADMIN, Set.of(Level.READ, Level.OPERATE));

    private ConsolePolicy() {
    }

    /** Whether {@code roles} may send a Jolokia request of {@code type} at all. */
    public static boolean mayUseType(Collection<String> roles, String type) {
        if (levels(roles).isEmpty() || type == null) {
            return false;
        }
        return READ_TYPES.contains(type) || "exec".equals(type);
    }

    /** Attribute reads: any console role, in the readable domains only. */
    public static boolean mayRead(Collection<String> roles, ObjectName name) {
        return !levels(roles).isEmpty() && name != null && READABLE_DOMAINS.contains(name.getDomain());
    }

    /** No attribute may be written through the console: every writable attribute changes behaviour. */
    public static boolean mayWrite(Collection<String> roles, ObjectName name, String attribute) {
        return false;
    }

    /**
     * Whether {@code roles} may invoke {@code operation} (a name, optionally with a Jolokia signature such as
     * {@code stop(long)}) on the concrete MBean {@code name}.
     */
    public static boolean mayExecute(Collection<String> roles, ObjectName name, String operation) {
        if (name == null || operation == null || name.isPattern()) {
            return false;
        }
        String bare = operationName(operation);
        Set<Level> granted = levels(roles);
        for (Rule rule : OPERATIONS) {
            if (granted.contains(rule.level()) && rule.matches(name) && rule.operations().contains(bare)) {
                return true;
            }
        }
        return false;
    }

    /** MBeans outside the readable domains are left out of {@code list} and {@code search} answers. */
    public static boolean isHidden(ObjectName name) {
        return !READABLE_DOMAINS.contains(name.getDomain());
    }

    /** {@code requestBody(java.lang.String,java.lang.Object)} → {@code requestBody}. */
    static String operationName(String operation) {
        int paren = operation.indexOf('(');
        return (paren < 0 ? operation : operation.substring(0, paren)).trim();
    }

    private static Set<Level> levels(Collection<String> roles) {
        if (roles == null) {
            return Set.of();
        }
        java.util.EnumSet<Level> levels = java.util.EnumSet.noneOf(Level.class);
        for (String role : roles) {
            levels.addAll(LEVELS.getOrDefault(role, Set.of()));
        }
        return levels;
    }
}
