package com.misybot.hub.admin;

import com.misybot.hub.bus.AgentActivity;
import com.misybot.hub.bus.BusProperties;
import com.misybot.hub.memory.vector.EmbeddingBacklog;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * GET /api/v1/admin/metrics?window=: what the console's charts show, over one time window. Agents' throughput and
 * response times come from this replica's {@link AgentActivity} (kept 15 minutes, so a longer window shows its last
 * 15 minutes and says so); pipelines' outcomes and durations from the saga log; LLM calls, tokens, cost, failed
 * and repaired answers, and agents' failure replies from {@code agent_event_log}; and, at the time of asking, how many
 * stored turns and artifacts semantic memory has still to embed ({@link EmbeddingBacklog}).
 */
@Service("adminMetrics")
public class AdminMetrics {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    static final Duration MAX_WINDOW = Duration.ofDays(7);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,4})([mhd])");

    public record AgentFigures(String agent, int minutes, long completed, long errors, double throughputPerSec,
                               Double meanMs, Long p95Ms) {
    }

    public record PipelineFigures(String pipeline, long started, long completed, long compensated,
                                  long failedCompensation, long unfinished, Double successRate, Double meanMs,
                                  Double p95Ms) {
    }

    public record LlmFigures(String agent, String provider, String model, long calls, long failed, long repaired,
                             long inputTokens, long outputTokens, BigDecimal costUsd) {
    }

    public record AgentFailures(String agent, long failureReplies) {
    }

    /** Texts stored but not embedded yet, now (not over the window): how far semantic memory is behind. */
    public record Embeddings(long pendingTurns, long pendingArtifacts) {
    }

    public record Metrics(String window, Instant from, Instant to, List<AgentFigures> agents,
                          List<PipelineFigures> pipelines, List<LlmFigures> llm, List<AgentFailures> failures,
                          Embeddings embeddings) {
    }

    private final AgentActivity activity;
    private final BusProperties bus;
    private final JdbcTemplate jdbc;
    private final EmbeddingBacklog backlog;
    private final Clock clock;

    public AdminMetrics(AgentActivity activity, BusProperties bus, JdbcTemplate jdbc, EmbeddingBacklog backlog) {
        this.activity = activity;
        this.bus = bus;
        this.jdbc = jdbc;
        this.backlog = backlog;
        this.clock = Clock.systemUTC();
    }

    public Metrics metrics(@Variable("window") String window) {
        Duration length = window(window);
        Instant to = clock.instant();
        Instant from = to.minus(length);
        Timestamp since = Timestamp.from(from);
        int minutes = (int) Math.max(1, Math.min(15, length.toMinutes()));
        List<AgentFigures> agents = new ArrayList<>();
        for (String agent : bus.agents()) {
            AgentActivity.Window w = activity.window(agent, minutes);
            agents.add(new AgentFigures(agent, minutes, w.count(), w.errors(),
                    Math.round(w.perSecond() * 1000) / 1000.0, round(w.meanMs()), w.p95Ms()));
        }
        List<PipelineFigures> pipelines = jdbc.query("""
                SELECT name, count(*),
                       count(*) FILTER (WHERE status = 'COMPLETED'),
                       count(*) FILTER (WHERE status = 'COMPENSATED'),
                       count(*) FILTER (WHERE status = 'FAILED_COMPENSATION'),
                       count(*) FILTER (WHERE finished_at IS NULL),
                       avg(EXTRACT(EPOCH FROM finished_at - created_at) * 1000) FILTER (WHERE status = 'COMPLETED'),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM finished_at - created_at) * 1000)
                           FILTER (WHERE status = 'COMPLETED')
                  FROM saga WHERE created_at >= ? GROUP BY name ORDER BY name""", (rs, n) -> {
            long completed = rs.getLong(3);
            long ended = completed + rs.getLong(4) + rs.getLong(5);
            return new PipelineFigures(rs.getString(1), rs.getLong(2), completed, rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), ended == 0 ? null : Math.round(1000.0 * completed / ended) / 1000.0,
                    round(rs.getObject(7)), round(rs.getObject(8)));
        }, since);
        List<LlmFigures> llm = jdbc.query("""
                SELECT agent, payload->>'provider', payload->>'model', count(*),
                       count(*) FILTER (WHERE payload->>'outcome' <> 'ok'),
                       count(*) FILTER (WHERE payload->>'repaired' = 'true'),
                       coalesce(sum((payload->>'inputTokens')::bigint), 0),
                       coalesce(sum((payload->>'outputTokens')::bigint), 0),
                       coalesce(sum((payload->>'costUsd')::numeric), 0)
                  FROM agent_event_log WHERE event_type = 'llm.call' AND created_at >= ?
                 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", (rs, n) -> new LlmFigures(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                rs.getBigDecimal(9)), since);
        List<AgentFailures> failures = jdbc.query("""
                SELECT agent, count(*) FROM agent_event_log WHERE event_type = 'agent.failed' AND created_at >= ?
                 GROUP BY agent ORDER BY agent""", (rs, n) -> new AgentFailures(rs.getString(1), rs.getLong(2)), since);
        return new Metrics(length.toString(), from, to, agents, pipelines, llm, failures,
                new Embeddings((long) backlog.pending("turn"), (long) backlog.pending("artifact")));
    }

    /** {@code PT1H} (ISO-8601) or {@code 15m}, {@code 1h}, {@code 7d}; 1 minute to 7 days, default 1 hour. */
    static Duration window(String window) {
        if (window == null || window.isBlank()) {
            return DEFAULT_WINDOW;
        }
        Duration length;
        Matcher shortForm = SHORT.matcher(window.trim().toLowerCase(Locale.ROOT));
        try {
            length = shortForm.matches() ? switch (shortForm.group(2)) {
                case "m" -> Duration.ofMinutes(Long.parseLong(shortForm.group(1)));
                case "h" -> Duration.ofHours(Long.parseLong(shortForm.group(1)));
                default -> Duration.ofDays(Long.parseLong(shortForm.group(1)));
            } : Duration.parse(window.trim());
        } catch (DateTimeParseException e) {
            length = null;
        }
        if (length == null || length.compareTo(Duration.ofMinutes(1)) < 0 || length.compareTo(MAX_WINDOW) > 0) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "window must be a duration from 1 minute to 7 days: "
                    + "PT15M, 15m, 1h or 7d.");
        }
        return length;
    }

    private static Double round(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 10) / 10.0;
    }
}
