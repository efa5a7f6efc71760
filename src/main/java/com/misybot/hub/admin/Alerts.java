package com.misybot.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Alerts in PostgreSQL ({@code ops_alert}): one firing row per dedupe key ({@code rule:agent}), announced once when it
 * fires and once when it resolves; a key that resolved less than the cooldown ago does not fire again (it is logged,
 * not announced). Written by the watchdog, which runs on one replica; read by {@code GET /api/v1/admin/alerts}.
 */
public class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final String COLUMNS = "id, dedupe_key, rule, agent, severity, status, title, detail, runbook, "
            + "recovery, fired_at, last_seen_at, resolved_at, notified::text AS notified";

    /** What a rule found. */
    public record Breach(String rule, String agent, String severity, String title, String detail, String runbook) {
        public String key() {
            return rule + ":" + agent;
        }
    }

    private final JdbcTemplate jdbc;
    private final AlertChannels channels;
    private final ObjectMapper json;
    private final Duration cooldown;

    public Alerts(JdbcTemplate jdbc, AlertChannels channels, ObjectMapper json, Duration cooldown) {
        this.jdbc = jdbc;
        this.channels = channels;
        this.json = json;
        this.cooldown = cooldown;
    }

    /**
     * Fires {@code breach} unless its key is firing (then only its last-seen time and detail change) or resolved
     * within the cooldown. Returns the alert when it fired now, else null.
     */
    public Map<String, Object> fire(Breach breach, String recovery) {
        int seen = jdbc.update("UPDATE ops_alert SET last_seen_at = now(), detail = ? WHERE dedupe_key = ? "
                + "AND status = 'firing'", breach.detail(), breach.key());
        if (seen > 0) {
            return null;
        }
        Integer recent = jdbc.queryForObject("SELECT count(*) FROM ops_alert WHERE dedupe_key = ? "
                + "AND resolved_at > now() - CAST(? AS interval)", Integer.class, breach.key(),
                cooldown.toSeconds() + " seconds");
        if (recent != null && recent > 0) {
            LOG.info("Alert {} not fired again: it resolved less than {} ago (cooldown)", breach.key(), cooldown);
            return null;
        }
        Long id = jdbc.queryForObject("INSERT INTO ops_alert (dedupe_key, rule, agent, severity, status, title, "
                + "detail, runbook, recovery) VALUES (?, ?, ?, ?, 'firing', ?, ?, ?, ?) "
                + "ON CONFLICT (dedupe_key) WHERE status = 'firing' DO NOTHING RETURNING id", Long.class,
                breach.key(), breach.rule(), breach.agent(), breach.severity(), breach.title(), breach.detail(),
                breach.runbook(), recovery);
        Map<String, Object> alert = get(id);
        LOG.warn("Alert fired: {} ({})", breach.title(), breach.key());
        notified(id, (String) alert.get("status"), channels.announce(alert));
        return alert;
    }

    /** Records what the recovery did on the firing alert of {@code key}. */
    public void recovery(String key, String recovery) {
        jdbc.update("UPDATE ops_alert SET recovery = ? WHERE dedupe_key = ? AND status = 'firing'", recovery, key);
    }

    /** Resolves every firing alert of the watchdog whose key is not in {@code breaching}; announces each once. */
    public int resolveAllBut(Set<String> breaching) {
        int resolved = 0;
        for (Map<String, Object> row : jdbc.queryForList("SELECT id, dedupe_key FROM ops_alert WHERE status = "
                + "'firing'")) {
            if (breaching.contains((String) row.get("dedupe_key"))) {
                continue;
            }
            long id = ((Number) row.get("id")).longValue();
            if (jdbc.update("UPDATE ops_alert SET status = 'resolved', resolved_at = now() WHERE id = ? "
                    + "AND status = 'firing'", id) == 1) {
                Map<String, Object> alert = get(id);
                LOG.info("Alert resolved: {} ({})", alert.get("title"), alert.get("key"));
                notified(id, (String) alert.get("status"), channels.announce(alert));
                resolved++;
            }
        }
        return resolved;
    }

    /** GET /api/v1/admin/alerts: the firing ones, and the 50 latest resolved. */
    public Map<String, Object> list() {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("active", jdbc.queryForList("SELECT " + COLUMNS + " FROM ops_alert WHERE status = 'firing' "
                + "ORDER BY fired_at DESC").stream().map(this::view).toList());
        page.put("recent", jdbc.queryForList("SELECT " + COLUMNS + " FROM ops_alert WHERE status = 'resolved' "
                + "ORDER BY resolved_at DESC LIMIT 50").stream().map(this::view).toList());
        return page;
    }

    private Map<String, Object> get(long id) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT " + COLUMNS + " FROM ops_alert WHERE id = ?", id);
        return view(rows.get(0));
    }

    /** Keeps what each channel answered to the announcement of {@code status} (firing or resolved). */
    private void notified(long id, String status, Map<String, String> results) {
        try {
            jdbc.update("UPDATE ops_alert SET notified = notified || CAST(? AS jsonb) WHERE id = ?",
                    json.writeValueAsString(Map.of(status, results)), id);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("id", row.get("id"));
        alert.put("key", row.get("dedupe_key"));
        alert.put("rule", row.get("rule"));
        alert.put("agent", row.get("agent"));
        alert.put("severity", row.get("severity"));
        alert.put("status", row.get("status"));
        alert.put("title", row.get("title"));
        alert.put("detail", row.get("detail"));
        alert.put("runbook", row.get("runbook"));
        alert.put("recovery", row.get("recovery"));
        alert.put("firedAt", instant(row.get("fired_at")));
        alert.put("lastSeenAt", instant(row.get("last_seen_at")));
        alert.put("resolvedAt", instant(row.get("resolved_at")));
        try {
            alert.put("notified", json.readTree((String) row.get("notified")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return alert;
    }

    private static String instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        return value == null ? null : value.toString();
    }
}
