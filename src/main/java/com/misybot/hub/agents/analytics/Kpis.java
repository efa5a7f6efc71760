package com.misybot.hub.agents.analytics;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/analytics/kpis}: the KPIs of the hourly rollups over [from, to), both rounded down to the hour,
 * grouped by agent, pipeline, platform, content type, day or hour (README "Analytics" states every formula):
 * success rates of agent tasks and pipeline runs, LLM cost per agent task, CTR, engagement rate and spread velocity.
 */
@Component("analyticsKpis")
public class Kpis {

    public static final Set<String> GROUPS = Set.of("none", "agent", "pipeline", "platform", "contentType", "day",
            "hour");
    static final Duration DEFAULT_SPAN = Duration.ofDays(7);
    static final Duration MAX_SPAN = Duration.ofDays(400);

    private static final String SELECT = SqlFiles.load("analytics-kpis.sql");

    /** The figures of one group; a rate is null when its denominator is zero. */
    public record Row(String key, long tasks, long tasksSucceeded, Double taskSuccessRate, long runs,
                      long runsSucceeded, Double runSuccessRate, long llmCalls, BigDecimal llmCostUsd,
                      BigDecimal llmCostPerTaskUsd, long views, long likes, long shares, long clicks, Double ctr,
                      Double engagementRate, double sharesPerHour) {
    }

    /** The answer: the window as counted, one row per group, and the totals of the window. */
    public record Report(Instant from, Instant to, String groupBy, long hours, List<Row> rows, Row totals) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public Kpis(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Report kpis(@Variable("from") String from, @Variable("to") String to, @Variable("groupBy") String groupBy) {
        String group = groupBy == null || groupBy.isBlank() ? "none" : groupBy.strip();
        if (!GROUPS.contains(group)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "groupBy must be one of "
                    + String.join(", ", GROUPS.stream().sorted().toList()) + ".");
        }
        Instant end = to == null || to.isBlank() ? Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1))
                : instant(to, "to");
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_SPAN) : instant(from, "from");
        if (!start.isBefore(end)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "from must be before to (both are rounded down to "
                    + "the hour).");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "from..to may span at most 400 days.");
        }
        return report(start, end, group);
    }

    /** The KPIs of [from, to) (already on the hour) grouped by {@code group}. */
    public Report report(Instant from, Instant to, String group) {
        long hours = Duration.between(from, to).toHours();
        List<Row> rows = query(from, to, group, hours);
        List<Row> all = "none".equals(group) ? rows : query(from, to, "none", hours);
        Row totals = all.isEmpty() ? row("all", 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, 0, 0, 0, hours) : all.get(0);
        return new Report(from, to, group, hours, "none".equals(group) ? List.of() : rows, totals);
    }

    /** The rows of [from, to) grouped by {@code group}, without the totals (the daily report's sections). */
    List<Row> rows(Instant from, Instant to, String group) {
        return query(from, to, group, Duration.between(from, to).toHours());
    }

    private List<Row> query(Instant from, Instant to, String group, long hours) {
        return jdbc.query(SELECT, new MapSqlParameterSource("groupBy", group)
                .addValue("from", Timestamp.from(from)).addValue("to", Timestamp.from(to)),
                (rs, n) -> row(rs, hours));
    }

    private static Row row(ResultSet rs, long hours) throws SQLException {
        return row(rs.getString("key"), rs.getLong("tasks_succeeded"), rs.getLong("tasks_failed"),
                rs.getLong("runs_succeeded"), rs.getLong("runs_failed"), rs.getLong("llm_calls"),
                rs.getBigDecimal("llm_cost_usd"), rs.getLong("views"), rs.getLong("likes"), rs.getLong("shares"),
                rs.getLong("clicks"), hours);
    }

    static Row row(String key, long tasksOk, long tasksFailed, long runsOk, long runsFailed, long llmCalls,
                   BigDecimal cost, long views, long likes, long shares, long clicks, long hours) {
        long tasks = tasksOk + tasksFailed;
        long runs = runsOk + runsFailed;
        BigDecimal costPerTask = tasks == 0 ? null : cost.divide(BigDecimal.valueOf(tasks), 8, RoundingMode.HALF_UP);
        return new Row(key, tasks, tasksOk, rate(tasksOk, tasks), runs, runsOk, rate(runsOk, runs), llmCalls,
                cost.setScale(8, RoundingMode.HALF_UP).stripTrailingZeros(),
                costPerTask == null ? null : costPerTask.stripTrailingZeros(), views, likes, shares, clicks,
                rate(clicks, views), rate(likes + shares, views), hours == 0 ? 0 : (double) shares / hours);
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** A date (its midnight UTC) or an instant, rounded down to the hour. */
    static Instant instant(String text, String name) {
        String value = text.strip();
        try {
            Instant at = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
            return at.truncatedTo(ChronoUnit.HOURS);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, name + " must be a date (2026-11-28) or an instant "
                    + "(2026-11-28T09:00:00Z).");
        }
    }
}
