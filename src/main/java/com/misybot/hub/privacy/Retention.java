package com.misybot.hub.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.misybot.hub.bus.BusHeaders;
import com.misybot.hub.bus.DeadLetterQueues;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Retention (6.1): per data class of {@code config/retention.yaml}, what is older than its period is soft-deleted
 * (gone from the product: turns lose their vectors at once) and hard-deleted after the grace period; snapshots,
 * delivered outbox rows, de-duplication bookkeeping and dead letters, which nobody reads back, are deleted at once.
 * Sessions under legal hold keep everything. A run holds a ShedLock lock in PostgreSQL, so with several replicas one
 * runs it; each statement handles at most {@link #BATCH} rows, the next run takes the rest.
 */
@Component("retention")
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 10_000;
    static final String LOCK = "retention";
    /** Data classes in the order they are purged, and whether each has a soft phase. */
    static final Map<String, Boolean> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("turns", true);
        CLASSES.put("embeddings", false);
        CLASSES.put("artifacts", true);
        CLASSES.put("snapshots", false);
        CLASSES.put("outbox", false);
        CLASSES.put("processed-messages", false);
        CLASSES.put("dead-letters", false);
    }

    /** The policy as configured. */
    public record Policy(Duration grace, Duration interval, Map<String, Duration> classes) {
    }

    /** What a run would delete now, per class. */
    public record ClassReport(String dataClass, String period, boolean softPhase, long dueForSoftDelete,
                              long dueForHardDelete, long keptByLegalHold) {
    }

    /** GET /admin/retention. */
    public record Report(Instant at, String grace, String interval, List<ClassReport> classes, long sessionsOnHold,
                         List<Map<String, Object>> lastRuns) {
    }

    /** What one run deleted: class → phase → rows. */
    public record Run(Instant startedAt, boolean ran, Map<String, Map<String, Long>> purged) {
    }

    private static final String HELD = "EXISTS (SELECT 1 FROM context_bundle b WHERE b.session_id = x.session_id "
            + "AND b.legal_hold_at IS NOT NULL)";
    private static final String AGED = "x.created_at < now() - CAST(:period AS interval)";
    private static final String OLD_VECTOR = "x.embedded_at IS NOT NULL AND x.vector_deleted_at IS NULL AND " + AGED;

    /**
     * A class held in one table: which rows are due for a soft delete (null: no soft phase) and for a hard delete,
     * and whether a legal hold of their session keeps them. {@code :period} and {@code :grace} are bound.
     */
    record Rule(String table, String id, String softDue, String hardDue, boolean sessionScoped) {
    }

    static final Map<String, Rule> RULES = Map.of(
            "turns", new Rule("context_turn", "id", "x.deleted_at IS NULL AND " + AGED,
                    "x.deleted_at < now() - CAST(:grace AS interval)", true),
            "artifacts", new Rule("generated_artifact", "id", "x.deleted_at IS NULL AND " + AGED,
                    "x.deleted_at < now() - CAST(:grace AS interval)", true),
            "snapshots", new Rule("context_snapshot", "ref", null, AGED, true),
            "outbox", new Rule("bus_outbox", "id", null, "x.published_at < now() - CAST(:period AS interval)", false),
            "processed-messages", new Rule("bus_processed_message", "consumer_key", null,
                    "x.claimed_at < now() - CAST(:period AS interval)", false));

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ProducerTemplate camel;
    private final DeadLetterQueues deadLetters;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final ObjectMapper json;
    private final LockingTaskExecutor locks;
    private final Policy policy;
    private final String instance;

    public Retention(JdbcTemplate jdbc, ProducerTemplate camel, DeadLetterQueues deadLetters, AuditLog audit,
                     MeterRegistry meters, ObjectMapper json, ResourceLoader resources,
                     @Value("${hub.privacy.retention.file:classpath:config/retention.yaml}") String file) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.camel = camel;
        this.deadLetters = deadLetters;
        this.audit = audit;
        this.meters = meters;
        this.json = json;
        this.locks = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider
                .Configuration.builder().withJdbcTemplate(jdbc).usingDbTime().build()));
        this.policy = load(resources, file);
        this.instance = hostName();
    }

    public Policy policy() {
        return policy;
    }

    /** One run, unless another replica holds the lock (then {@code ran} is false and nothing was deleted). */
    public Run run() {
        Instant started = Instant.now();
        Map<String, Map<String, Long>> purged = new LinkedHashMap<>();
        LockingTaskExecutor.TaskResult<Boolean> result;
        try {
            result = locks.executeWithLock(() -> {
                purge(purged);
                return true;
            }, new LockConfiguration(started, LOCK, Duration.ofMinutes(30), Duration.ZERO));
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Retention run failed", e);
        }
        if (!result.wasExecuted()) {
            return new Run(started, false, Map.of());
        }
        try {
            jdbc.update("INSERT INTO retention_run (started_at, instance, purged) VALUES (?, ?, CAST(? AS jsonb))",
                    java.sql.Timestamp.from(started), instance, json.writeValueAsString(purged));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long total = purged.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
        if (total > 0) {
            LOG.info("Retention deleted {} row(s) or message(s): {}", total, purged);
            audit.append(AuditEvent.system("retention.purge", "retention", Map.of("purged", purged)));
        }
        return new Run(started, true, purged);
    }

    /** POST /admin/retention/run: a run now; 409 when another replica is running one. */
    public Run runNow() {
        Run run = run();
        if (!run.ran()) {
            throw new ProblemException(ProblemType.CONFLICT, "A retention run is in progress on another replica.");
        }
        return run;
    }

    /** The dry run: what a run would delete now, without deleting anything. */
    public Report report() {
        List<ClassReport> classes = new ArrayList<>();
        for (Map.Entry<String, Duration> c : policy.classes().entrySet()) {
            MapSqlParameterSource params = params(c.getValue());
            Rule rule = RULES.get(c.getKey());
            if (rule != null) {
                String from = "SELECT count(*) FROM " + rule.table() + " x WHERE ";
                String notHeld = rule.sessionScoped() ? " AND NOT " + HELD : "";
                classes.add(new ClassReport(c.getKey(), iso(c.getValue()), rule.softDue() != null,
                        rule.softDue() == null ? 0 : count(from + rule.softDue() + notHeld, params),
                        count(from + rule.hardDue() + notHeld, params),
                        rule.sessionScoped() ? count(from + AGED + " AND " + HELD, params) : 0));
            } else if (c.getKey().equals("embeddings")) {
                classes.add(new ClassReport("embeddings", iso(c.getValue()), false, 0,
                        count("SELECT count(*) FROM context_turn x WHERE " + OLD_VECTOR + " AND NOT " + HELD, params),
                        count("SELECT count(*) FROM context_turn x WHERE " + OLD_VECTOR + " AND " + HELD, params)));
            } else {
                classes.add(new ClassReport("dead-letters", iso(c.getValue()), false, 0,
                        expiredDeadLetters(c.getValue()).size(), 0));
            }
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        jdbc.query("SELECT started_at, finished_at, instance, CAST(purged AS text) FROM retention_run "
                + "ORDER BY id DESC LIMIT 5", rs -> {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("startedAt", rs.getTimestamp(1).toInstant().toString());
            run.put("finishedAt", rs.getTimestamp(2).toInstant().toString());
            run.put("instance", rs.getString(3));
            try {
                run.put("purged", json.readTree(rs.getString(4)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            runs.add(run);
        });
        return new Report(Instant.now(), iso(policy.grace()), iso(policy.interval()), classes,
                count("SELECT count(*) FROM context_bundle WHERE legal_hold_at IS NOT NULL"), runs);
    }

    /** PUT /admin/sessions/{id}/legal-hold {hold, reason}: sets or lifts the hold, audited; 404 for no session. */
    public Map<String, Object> legalHold(@Variable("sessionId") String sessionId, @Variable("json") JsonNode body,
                                        @Variable("caller") Caller caller) {
        boolean hold = body.path("hold").asBoolean();
        String reason = body.path("reason").asText(null);
        int updated = hold
                ? jdbc.update("UPDATE context_bundle SET legal_hold_at = COALESCE(legal_hold_at, now()), "
                        + "legal_hold_reason = ? WHERE session_id = ? AND deleted_at IS NULL", reason, sessionId)
                : jdbc.update("UPDATE context_bundle SET legal_hold_at = NULL, legal_hold_reason = NULL "
                        + "WHERE session_id = ? AND deleted_at IS NULL", sessionId);
        if (updated == 0) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No session " + sessionId + ".");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason == null ? "" : reason);
        audit.append(AuditEvent.by(caller.id(), caller.roles(), hold ? "retention.hold" : "retention.release",
                sessionId, details));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sessionId", sessionId);
        answer.put("legalHold", hold);
        answer.put("reason", reason);
        return answer;
    }

    private void purge(Map<String, Map<String, Long>> purged) {
        for (Map.Entry<String, Duration> c : policy.classes().entrySet()) {
            MapSqlParameterSource params = params(c.getValue());
            Rule rule = RULES.get(c.getKey());
            Map<String, Long> phases = new LinkedHashMap<>();
            if (rule != null) {
                String notHeld = rule.sessionScoped() ? " AND NOT " + HELD : "";
                String due = " WHERE " + rule.id() + " IN (SELECT x." + rule.id() + " FROM " + rule.table() + " x WHERE ";
                String returning = " LIMIT " + BATCH + ") RETURNING CAST(" + rule.id() + " AS text)";
                if (rule.softDue() != null) {
                    List<String> soft = named.queryForList("UPDATE " + rule.table() + " SET deleted_at = now(), "
                            + "updated_at = now()" + due + rule.softDue() + notHeld + returning, params, String.class);
                    phases.put("soft", (long) soft.size());
                    if (rule.table().equals("context_turn")) {
                        deleteVectors(soft); // gone from search at once, not after the grace
                    }
                }
                List<String> hard = named.queryForList("DELETE FROM " + rule.table() + due + rule.hardDue() + notHeld
                        + returning, params, String.class);
                phases.put("hard", (long) hard.size());
                if (rule.table().equals("context_turn")) {
                    deleteVectors(hard);
                }
            } else if (c.getKey().equals("embeddings")) {
                phases.put("hard", (long) deleteVectors(named.queryForList("SELECT CAST(x.id AS text) FROM "
                        + "context_turn x WHERE " + OLD_VECTOR + " AND NOT " + HELD + " LIMIT " + BATCH, params,
                        String.class)));
            } else {
                long discarded = 0;
                for (String[] letter : expiredDeadLetters(c.getValue())) {
                    discarded += deadLetters.discard(letter[0], letter[1]) ? 1 : 0;
                }
                phases.put("hard", discarded);
            }
            phases.forEach((phase, n) -> meters.counter("hub.retention.purged", "class", c.getKey(), "phase", phase)
                    .increment(n));
            purged.put(c.getKey(), phases);
        }
    }

    /** A period as an operator wrote it: whole days as P365D, else Java's form (PT1H). */
    static String iso(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    private MapSqlParameterSource params(Duration period) {
        return new MapSqlParameterSource("period", period.toString()).addValue("grace", policy.grace().toString());
    }

    /** Deletes the vectors of these turns (MongoDB, the index, the other replicas) and marks them; how many. */
    private int deleteVectors(List<String> turnIds) {
        if (turnIds.isEmpty()) {
            return 0;
        }
        List<String> sourceIds = turnIds.stream().map(id -> "turn:" + id).toList();
        camel.requestBody("direct:vector-delete", sourceIds);
        jdbc.update(con -> {
            var ps = con.prepareStatement("UPDATE context_turn SET vector_deleted_at = now() WHERE id = ANY(?)");
            ps.setArray(1, con.createArrayOf("uuid", turnIds.stream().map(java.util.UUID::fromString).toArray()));
            return ps;
        });
        return turnIds.size();
    }

    /** Agent and message id of every dead letter older than {@code period} (by its dead-lettered-at header). */
    private List<String[]> expiredDeadLetters(Duration period) {
        Instant cutoff = Instant.now().minus(period);
        List<String[]> expired = new ArrayList<>();
        for (String agent : deadLetters.counts().keySet()) {
            for (DeadLetterQueues.DeadLetter letter : deadLetters.list(agent, 1000)) {
                Object at = letter.headers().get(BusHeaders.DEAD_LETTERED_AT);
                try {
                    if (at != null && Instant.parse(at.toString()).isBefore(cutoff)) {
                        expired.add(new String[] {agent, letter.messageId()});
                    }
                } catch (DateTimeParseException e) {
                    // a header this hub did not write: the letter stays for an operator to look at
                }
            }
        }
        return expired;
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private long count(String sql, MapSqlParameterSource params) {
        Long n = named.queryForObject(sql, params, Long.class);
        return n == null ? 0 : n;
    }

    static Policy load(ResourceLoader resources, String file) {
        try (InputStream in = resources.getResource(file).getInputStream()) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Duration> classes = new LinkedHashMap<>();
            JsonNode configured = root.path("classes");
            for (Iterator<String> it = configured.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!CLASSES.containsKey(name)) {
                    throw new IllegalArgumentException(file + ": unknown data class '" + name + "' (known: "
                            + String.join(", ", CLASSES.keySet()) + ")");
                }
            }
            for (String name : CLASSES.keySet()) {
                if (configured.hasNonNull(name)) {
                    classes.put(name, duration(file, "classes." + name, configured.get(name).asText()));
                }
            }
            return new Policy(duration(file, "grace", root.path("grace").asText("P7D")),
                    duration(file, "interval", root.path("interval").asText("PT1H")), classes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the retention policy " + file, e);
        }
    }

    private static Duration duration(String file, String key, String value) {
        try {
            Duration d = Duration.parse(value);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(file + ": " + key + " must be positive, not " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(file + ": " + key + " is not an ISO-8601 duration (P30D, PT1H): "
                    + value, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
