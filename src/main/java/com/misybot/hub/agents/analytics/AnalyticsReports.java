package com.misybot.hub.agents.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.Announcements;
import com.misybot.hub.platform.web.QueryParams;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The daily analytics report: once the UTC day is over and the clock passed {@code hub.analytics.report-hour}, one
 * replica (ShedLock {@code analytics-report}) writes the day's KPIs (totals, per agent, pipeline and platform) to
 * {@code analytics_report}, sends it to the alert channels when any is configured, and prunes the idempotency
 * ledger older than {@code hub.analytics.dedupe-days}. Reports are listed by {@code GET /api/v1/analytics/reports}.
 */
@Component("analyticsReports")
public class AnalyticsReports {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsReports.class);
    private static final String LOCK = "analytics-report";

    /** One stored report. */
    public record Stored(LocalDate day, JsonNode report, JsonNode sentTo, Instant createdAt) {
    }

    /** The answer of the list. */
    public record Listed(List<Stored> reports) {
    }

    private final JdbcTemplate jdbc;
    private final Kpis kpis;
    private final Announcements channels;
    private final ObjectMapper json;
    private final LockingTaskExecutor locks;
    private final int reportHour;
    private final int dedupeDays;

    public AnalyticsReports(JdbcTemplate jdbc, Kpis kpis, Announcements channels, ObjectMapper json,
                            @Value("${hub.analytics.report-hour:6}") int reportHour,
                            @Value("${hub.analytics.dedupe-days:35}") int dedupeDays) {
        if (reportHour < 0 || reportHour > 23) {
            throw new IllegalStateException("hub.analytics.report-hour must be 0..23, not " + reportHour);
        }
        if (dedupeDays < 2) {
            throw new IllegalStateException("hub.analytics.dedupe-days must be at least 2, not " + dedupeDays);
        }
        this.jdbc = jdbc;
        this.kpis = kpis;
        this.channels = channels;
        this.json = json;
        this.reportHour = reportHour;
        this.dedupeDays = dedupeDays;
        this.locks = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider
                .Configuration.builder().withJdbcTemplate(jdbc).usingDbTime().build()));
    }

    /** Route analytics-daily-report: yesterday's report when it is due and missing; the day written, else null. */
    public LocalDate runDue() throws Throwable {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate day = now.toLocalDate().minusDays(1);
        if (now.getHour() < reportHour || exists(day)) {
            return null;
        }
        LockingTaskExecutor.TaskResult<LocalDate> result = locks.executeWithLock(() -> exists(day) ? null
                : write(day), new LockConfiguration(Instant.now(), LOCK, Duration.ofMinutes(10), Duration.ZERO));
        return result.wasExecuted() ? result.getResult() : null;
    }

    public Listed list(@Variable("limit") String limit) {
        int n = QueryParams.integer(limit, "limit", 1, 366, 30);
        return new Listed(jdbc.query("SELECT day, report, sent_to, created_at FROM analytics_report ORDER BY day DESC "
                + "LIMIT ?", (rs, i) -> new Stored(rs.getDate("day").toLocalDate(), read(rs.getString("report")),
                read(rs.getString("sent_to")), rs.getTimestamp("created_at").toInstant()), n));
    }

    private boolean exists(LocalDate day) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM analytics_report WHERE day = ?)",
                Boolean.class, Date.valueOf(day)));
    }

    private LocalDate write(LocalDate day) throws JsonProcessingException {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(Duration.ofDays(1));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("day", day.toString());
        Kpis.Report totals = kpis.report(from, to, "none");
        report.put("totals", totals.totals());
        for (String group : List.of("agent", "pipeline", "platform")) {
            report.put("by" + Character.toUpperCase(group.charAt(0)) + group.substring(1),
                    kpis.rows(from, to, group));
        }
        // stored first (one row per day), then sent: a failure after the insert never sends the day twice
        if (jdbc.update("INSERT INTO analytics_report (day, report) VALUES (?, CAST(? AS jsonb)) ON CONFLICT (day) "
                + "DO NOTHING", Date.valueOf(day), json.writeValueAsString(report)) == 0) {
            return null;
        }
        Map<String, String> sent = Map.of();
        if (channels.external()) {
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("kind", "analytics-report");
            notice.put("severity", "info");
            notice.put("status", "firing");
            notice.put("title", "Daily analytics report " + day);
            notice.put("detail", summary(totals.totals()));
            notice.put("key", "analytics-report:" + day);
            notice.put("report", report);
            sent = channels.announce(notice);
            jdbc.update("UPDATE analytics_report SET sent_to = CAST(? AS jsonb) WHERE day = ?",
                    json.writeValueAsString(sent), Date.valueOf(day));
        }
        int pruned = jdbc.update("DELETE FROM analytics_event WHERE received_at < ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(dedupeDays))));
        LOG.info("Analytics report of {} written (sent to {}); {} ledger row(s) older than {} days pruned", day,
                sent.isEmpty() ? "no external channel" : sent, pruned, dedupeDays);
        return day;
    }

    /** One line of the day's totals (the alert channels' text). */
    static String summary(Kpis.Row t) {
        return String.format(Locale.ROOT, "Agent tasks %d (%s ok) · pipeline runs %d (%s ok) · LLM cost $%s "
                        + "($%s per task) · views %d, clicks %d (CTR %s), engagement %s, %.2f shares/h",
                t.tasks(), percent(t.taskSuccessRate()), t.runs(), percent(t.runSuccessRate()),
                t.llmCostUsd().toPlainString(), t.llmCostPerTaskUsd() == null ? "-"
                        : t.llmCostPerTaskUsd().toPlainString(), t.views(), t.clicks(), percent(t.ctr()),
                percent(t.engagementRate()), t.sharesPerHour());
    }

    private static String percent(Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
