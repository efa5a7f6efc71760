package com.misybot.hub.admin;

import com.misybot.hub.bus.BusProperties;
import com.misybot.hub.platform.LogBuffer;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/**
 * {@code GET /api/v1/admin/logs}: this replica's latest log events from the in-process {@link LogBuffer}, masked,
 * filtered by agent (the routes of the agent: its bus consumer and the routes its queue feeds), session, minimum
 * level and time; the live stream ({@code /api/v1/admin/logs/stream}) uses the same filter.
 */
@Service("logsAdmin")
public class LogsAdmin {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final long ROUTE_MAP_MILLIS = 10_000;

    /** What a reader asked for. {@code agent}, {@code session}, {@code from} and {@code to} may be null. */
    public record Filter(String agent, String session, String level, Instant from, Instant to) {
    }

    private final LogBuffer buffer;
    private final AgentControl control;
    private final BusProperties bus;
    private volatile Map<String, String> agentOfRoute = Map.of();
    private volatile long routeMapAt;

    public LogsAdmin(LogBuffer buffer, AgentControl control, BusProperties bus) {
        this.buffer = buffer;
        this.control = control;
        this.bus = bus;
    }

    public Map<String, Object> query(@Variable("agent") String agent, @Variable("session") String session,
                                     @Variable("level") String level, @Variable("from") String from,
                                     @Variable("to") String to, @Variable("limit") String limit) {
        Filter filter = filter(agent, session, level, from, to);
        int max = 100;
        if (limit != null && !limit.isBlank()) {
            try {
                max = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 1000) {
                throw new ProblemException(ProblemType.BAD_REQUEST, "limit must be a whole number 1..1000.");
            }
        }
        List<Map<String, Object>> entries = buffer.read(0, matcher(filter), max, true).stream()
                .map(this::json).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("entries", entries);
        page.put("count", entries.size());
        page.put("capacity", buffer.capacity());
        page.put("nextSeq", buffer.nextSeq());
        return page;
    }

    /** The filter of a request's parameters; 400 for an unknown agent or level, a bad session id or time. */
    public Filter filter(String agent, String session, String level, String from, String to) {
        String wantedAgent = blank(agent) ? null : agent.strip();
        if (wantedAgent != null) {
            control.checkAgent(wantedAgent);
        }
        String wantedSession = blank(session) ? null : session.strip();
        if (wantedSession != null && !SESSION_ID.matcher(wantedSession).matches()) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "session must be 1..64 characters of [A-Za-z0-9._-].");
        }
        String wantedLevel = blank(level) ? "TRACE" : level.strip().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(wantedLevel)) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    "level must be one of " + String.join(", ", LEVELS) + ", not '" + level + "'.");
        }
        return new Filter(wantedAgent, wantedSession, wantedLevel, instant("from", from), instant("to", to));
    }

    /** Whether an entry passes the filter. */
    public Predicate<LogBuffer.Entry> matcher(Filter filter) {
        int rank = ch.qos.logback.classic.Level.toLevel(filter.level()).toInt();
        return e -> e.levelRank() >= rank
                && (filter.session() == null || filter.session().equals(e.sessionId()))
                && (filter.from() == null || !e.time().isBefore(filter.from()))
                && (filter.to() == null || e.time().isBefore(filter.to()))
                && (filter.agent() == null || filter.agent().equals(agentOf(e.routeId())));
    }

    /** An entry as JSON, with the agent its route works for (null when none). */
    public Map<String, Object> json(LogBuffer.Entry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", e.seq());
        json.put("time", e.time().toString());
        json.put("level", e.level());
        json.put("logger", e.logger());
        json.put("thread", e.thread());
        json.put("message", e.message());
        json.put("error", e.error());
        json.put("agent", agentOf(e.routeId()));
        json.put("routeId", e.routeId());
        json.put("sessionId", e.sessionId());
        json.put("correlationId", e.correlationId());
        return json;
    }

    /** The agent whose routes include {@code routeId}: its bus consumer or a route its queue feeds. */
    String agentOf(String routeId) {
        if (routeId == null) {
            return null;
        }
        if (System.currentTimeMillis() - routeMapAt > ROUTE_MAP_MILLIS) {
            Map<String, String> map = new HashMap<>();
            for (String agent : bus.agents()) {
                map.put(control.consumerRoute(agent), agent);
                for (String id : control.agentRoutes(agent)) {
                    map.put(id, agent);
                }
            }
            agentOfRoute = map;
            routeMapAt = System.currentTimeMillis();
        }
        return agentOfRoute.get(routeId);
    }

    private static Instant instant(String name, String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST,
                    name + " must be an ISO-8601 instant such as 2026-11-29T10:15:30Z, not '" + value + "'.");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
