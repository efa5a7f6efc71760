package com.misybot.hub.saga;

import com.misybot.hub.bus.AnalyticsFeed;
import com.misybot.hub.platform.SqlFiles;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The saga log in PostgreSQL ({@code saga}, {@code saga_step}): every state change is one statement. */
@Repository
public class SagaStore {

    private static final String INSERT = SqlFiles.load("saga-insert.sql");
    private static final String STEP_BEGIN = SqlFiles.load("saga-step-begin.sql");
    private static final String STEP_FINISH = SqlFiles.load("saga-step-finish.sql");
    private static final String TRANSITION = SqlFiles.load("saga-transition.sql");
    private static final String SELECT = SqlFiles.load("saga-select.sql");
    private static final String STEPS = SqlFiles.load("saga-steps-select.sql");
    private static final String STEP_SETTLED = SqlFiles.load("saga-step-compensated.sql");
    private static final String STEP_ATTEMPT_FAILED = SqlFiles.load("saga-step-attempt-failed.sql");
    private static final String RETRY_LATER = SqlFiles.load("saga-retry-later.sql");
    private static final String HEARTBEAT = SqlFiles.load("saga-heartbeat.sql");
    private static final String CLAIM = SqlFiles.load("saga-claim.sql");
    private static final String RESET_ATTEMPTS = SqlFiles.load("saga-steps-reset.sql");

    /** A saga as stored. */
    public record Saga(UUID id, UUID workflowId, String sessionId, String ownerId, String name, String status,
                       String instanceId, Instant leaseUntil, Instant timeoutAt, Instant nextAttemptAt,
                       String error, Instant createdAt, Instant updatedAt, Instant finishedAt) {
    }

    /** One step: its endpoints, the option values evaluated when it began, and its outcome. */
    public record Step(UUID id, int index, String name, String status, String compensationUri, String completionUri,
                       String options, int attempts, int compensations, String error, Instant startedAt,
                       Instant finishedAt, Instant compensatedAt, Instant completedAt) {
    }

    /** A saga this instance claimed in a recovery pass, with the status it now has. */
    public record Claimed(UUID id, String status) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AnalyticsFeed analytics;

    public SagaStore(NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, AnalyticsFeed analytics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.analytics = analytics;
    }

    public void insert(UUID id, String name, UUID workflowId, String sessionId, String ownerId, String instanceId,
                       Duration lease) {
        jdbc.update(INSERT, new MapSqlParameterSource("id", id)
                .addValue("workflowId", workflowId, Types.OTHER)
                .addValue("sessionId", sessionId, Types.VARCHAR)
                .addValue("ownerId", ownerId, Types.VARCHAR)
                .addValue("name", name)
                .addValue("instanceId", instanceId)
                .addValue("leaseMs", lease.toMillis()));
    }

    /** Appends a step; empty when the saga is not RUNNING any more (cancelled, timed out, compensating). */
    public boolean beginStep(UUID sagaId, String name, String compensationUri, String completionUri, String options,
                             Long timeoutMs) {
        MapSqlParameterSource params = new MapSqlParameterSource("sagaId", sagaId)
                .addValue("id", UUID.randomUUID())
                .addValue("name", name)
                .addValue("compensationUri", compensationUri, Types.VARCHAR)
                .addValue("completionUri", completionUri, Types.VARCHAR)
                .addValue("options", options, Types.VARCHAR)
                .addValue("timeoutMs", timeoutMs, Types.BIGINT);
        try {
            return !jdbc.queryForList(STEP_BEGIN, params, Integer.class).isEmpty();
        } catch (DuplicateKeyException raced) {
            // two steps of one saga began at once and picked the same index: the row lock now orders them
            params.addValue("id", UUID.randomUUID());
            return !jdbc.queryForList(STEP_BEGIN, params, Integer.class).isEmpty();
        }
    }

    /** Records the end of the latest running step named {@code name}: DONE, or FAILED with {@code error}. */
    public boolean finishStep(UUID sagaId, String name, String status, String error) {
        return jdbc.update(STEP_FINISH, new MapSqlParameterSource("sagaId", sagaId).addValue("name", name)
                .addValue("status", status).addValue("error", error, Types.VARCHAR)) == 1;
    }

    /**
     * Moves the saga from one of {@code from} to {@code to}. With {@code claim} this instance takes the saga (and
     * a lease), without it nobody holds it; {@code timeout} (nullable) sets a new deadline from now.
     */
    public boolean transition(UUID sagaId, Collection<String> from, String to, boolean claim, String instanceId,
                              Duration lease, Duration timeout, String error) {
        if (!SagaStatus.isFinal(to) || !analytics.on()) {
            return move(sagaId, from, to, claim, instanceId, lease, timeout, error);
        }
        // the run's outcome for analytics-reporter, in the transition's transaction; its id is the saga's, so a
        // run that ends twice (FAILED_COMPENSATION, then COMPENSATED by a retry) is counted once
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (!move(sagaId, from, to, claim, instanceId, lease, timeout, error)) {
                return false;
            }
            Saga saga = find(sagaId);
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("pipeline", saga.name());
            event.put("ownerId", saga.ownerId());
            event.put("status", to);
            event.put("outcome", SagaStatus.COMPLETED.equals(to) ? "ok" : "failed");
            analytics.write(analytics.event(AnalyticsFeed.PIPELINE_OUTCOME,
                    UUID.nameUUIDFromBytes(("pipeline-outcome:" + sagaId).getBytes(StandardCharsets.UTF_8)),
                    null, event));
            return true;
        }));
    }

    private boolean move(UUID sagaId, Collection<String> from, String to, boolean claim, String instanceId,
                         Duration lease, Duration timeout, String error) {
        Integer changed = jdbc.queryForObject(TRANSITION, new MapSqlParameterSource("sagaId", sagaId)
                .addValue("from", from).addValue("to", to)
                .addValue("claim", claim).addValue("instanceId", instanceId, Types.VARCHAR)
                .addValue("leaseMs", lease.toMillis())
                .addValue("timeoutMs", timeout == null ? null : timeout.toMillis(), Types.BIGINT)
                .addValue("error", error, Types.VARCHAR), Integer.class);
        return changed != null && changed == 1;
    }

    public Saga find(UUID sagaId) {
        List<Saga> found = jdbc.query(SELECT, new MapSqlParameterSource("sagaId", sagaId), SagaStore::saga);
        return found.isEmpty() ? null : found.get(0);
    }

    public List<Step> steps(UUID sagaId) {
        return jdbc.query(STEPS, new MapSqlParameterSource("sagaId", sagaId), SagaStore::step);
    }

    /** A compensation or completion of one step succeeded; false when it had already been recorded. */
    public boolean settleStep(UUID stepId, String status) {
        return jdbc.update(STEP_SETTLED, new MapSqlParameterSource("stepId", stepId).addValue("status", status)) == 1;
    }

    /** Counts a failed compensation or completion attempt; returns the attempts so far. */
    public int stepAttemptFailed(UUID stepId, String status, String error) {
        Integer attempts = jdbc.queryForObject(STEP_ATTEMPT_FAILED, new MapSqlParameterSource("stepId", stepId)
                .addValue("status", status).addValue("error", error, Types.VARCHAR), Integer.class);
        return attempts == null ? 0 : attempts;
    }

    public void resetAttempts(UUID sagaId) {
        jdbc.update(RESET_ATTEMPTS, new MapSqlParameterSource("sagaId", sagaId));
    }

    public void retryLater(UUID sagaId, Duration delay, String error) {
        jdbc.update(RETRY_LATER, new MapSqlParameterSource("sagaId", sagaId).addValue("delayMs", delay.toMillis())
                .addValue("error", error, Types.VARCHAR));
    }

    public int heartbeat(String instanceId, Duration lease) {
        return jdbc.update(HEARTBEAT, new MapSqlParameterSource("instanceId", instanceId)
                .addValue("leaseMs", lease.toMillis()));
    }

    public List<Claimed> claim(String instanceId, Duration lease, int batch) {
        return jdbc.query(CLAIM, new MapSqlParameterSource("instanceId", instanceId)
                .addValue("leaseMs", lease.toMillis()).addValue("batch", batch),
                (rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getString("status")));
    }

    private static Saga saga(ResultSet rs, int n) throws SQLException {
        return new Saga(rs.getObject("id", UUID.class), rs.getObject("workflow_id", UUID.class),
                rs.getString("session_id"), rs.getString("owner_id"), rs.getString("name"), rs.getString("status"),
                rs.getString("instance_id"), instant(rs, "lease_until"), instant(rs, "timeout_at"),
                instant(rs, "next_attempt_at"), rs.getString("error"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "finished_at"));
    }

    private static Step step(ResultSet rs, int n) throws SQLException {
        return new Step(rs.getObject("id", UUID.class), rs.getInt("step_index"), rs.getString("name"),
                rs.getString("status"), rs.getString("compensation_uri"), rs.getString("completion_uri"),
                rs.getString("options"), rs.getInt("attempts"), rs.getInt("compensations"), rs.getString("error"),
                instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "compensated_at"),
                instant(rs, "completed_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
