package com.misybot.hub.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The saga API: list and read sagas with their steps (a user reads their own, operators all), and the operator
 * actions approve, reject, cancel and retry-compensation. Every action is audited in agent_event_log.
 */
public class SagaAdmin {

    private static final String LIST = SqlFiles.load("saga-list.sql");
    private static final String OUTPUT = SqlFiles.load("pipeline-run-output-select.sql");
    private static final String AUDIT = SqlFiles.load("saga-audit.sql");
    private static final int LIMIT = 500;

    public record Summary(String runId, String name, String status, String sessionId, String ownerId, String error,
                          Instant createdAt, Instant updatedAt, Instant finishedAt) {
    }

    public record Sagas(Instant from, Instant to, String status, int count, List<Summary> sagas) {
    }

    public record StepView(int index, String name, String status, Instant startedAt, Instant finishedAt,
                           Long durationMs, Instant compensatedAt, int compensations, int attempts, String error) {
    }

    public record SagaView(String runId, String name, String status, String sessionId, String ownerId, String error,
                           Instant createdAt, Instant updatedAt, Instant finishedAt, Instant timeoutAt,
                           List<StepView> steps, JsonNode output) {
    }

    public record Action(String runId, String action, String status) {
    }

    private final SagaStore store;
    private final SagaControl control;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final Duration resumeTimeout;
    private final AuditLog auditLog;
    private final SagaResumeEndpoints resumeEndpoints;

    public SagaAdmin(SagaStore store, SagaControl control, NamedParameterJdbcTemplate jdbc, ObjectMapper json,
                     ProducerTemplate producer, Duration resumeTimeout, AuditLog auditLog,
                     SagaResumeEndpoints resumeEndpoints) {
        this.auditLog = auditLog;
        this.resumeEndpoints = resumeEndpoints;
        this.store = store;
        this.control = control;
        this.jdbc = jdbc;
        this.json = json;
        this.producer = producer;
        this.resumeTimeout = resumeTimeout;
    }

    public Sagas list(@Variable("status") String status, @Variable("from") String from, @Variable("to") String to,
                      @Variable("caller") Caller caller) {
        requireOperator(caller);
        if (status != null && !SagaStatus.ALL.contains(status)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "status must be one of " + SagaStatus.ALL);
        }
        Instant upper = instant(to, "to", Instant.now().plusSeconds(1));
        Instant lower = instant(from, "from", upper.minus(Duration.ofDays(7)));
        if (!lower.isBefore(upper)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "from must be before to");
        }
        List<Summary> sagas = jdbc.query(LIST, new MapSqlParameterSource().addValue("status", status, Types.VARCHAR)
                .addValue("from", Timestamp.from(lower)).addValue("to", Timestamp.from(upper))
                .addValue("limit", LIMIT), (rs, n) -> new Summary(rs.getString("id"), rs.getString("name"),
                rs.getString("status"), rs.getString("session_id"), rs.getString("owner_id"), rs.getString("error"),
                SagaStore.instant(rs, "created_at"), SagaStore.instant(rs, "updated_at"),
                SagaStore.instant(rs, "finished_at")));
        return new Sagas(lower, upper, status, sagas.size(), sagas);
    }

    public SagaView get(@Variable("runId") String runId, @Variable("caller") Caller caller)
            throws JsonProcessingException {
        SagaStore.Saga saga = find(runId);
        if (!caller.isPrivileged() && !caller.id().equals(saga.ownerId())) {
            // someone else's run: as if it did not exist
            throw new ProblemException(ProblemType.NOT_FOUND, "No saga " + runId);
        }
        List<StepView> steps = store.steps(saga.id()).stream().map(s -> new StepView(s.index(), s.name(), s.status(),
                s.startedAt(), s.finishedAt(), s.startedAt() == null || s.finishedAt() == null ? null
                        : Duration.between(s.startedAt(), s.finishedAt()).toMillis(),
                s.compensatedAt(), s.compensations(), s.attempts(), s.error())).toList();
        List<String> output = jdbc.queryForList(OUTPUT, Map.of("id", saga.id()), String.class);
        return new SagaView(runId, saga.name(), saga.status(), saga.sessionId(), saga.ownerId(), saga.error(),
                saga.createdAt(), saga.updatedAt(), saga.finishedAt(), saga.timeoutAt(), steps,
                output.isEmpty() || output.get(0) == null ? null : json.readTree(output.get(0)));
    }

    /**
     * AWAITING_APPROVAL → RUNNING: the rest of the run goes on ({@code direct:<saga name>-resume}, or the endpoint
     * {@link SagaResumeEndpoints} names for it).
     */
    public Action approve(@Variable("runId") String runId, @Variable("reason") String reason,
                          @Variable("caller") Caller caller) {
        requireOperator(caller);
        String why = reason(reason);
        SagaStore.Saga saga = find(runId);
        if (!control.resume(saga.id(), resumeTimeout)) {
            throw conflict(runId, "approve", SagaStatus.AWAITING_APPROVAL);
        }
        audit(saga, caller, "saga.approve", why);
        String resume = resumeEndpoints.resumeUri(saga.name(), runId);
        producer.sendBodyAndHeader(resume != null ? resume : "direct:" + saga.name() + "-resume", null,
                Exchange.SAGA_LONG_RUNNING_ACTION, runId);
        return new Action(runId, "approve", SagaStatus.RUNNING);
    }

    public Action reject(@Variable("runId") String runId, @Variable("reason") String reason,
                         @Variable("caller") Caller caller) {
        return abort(runId, caller, "reject", List.of(SagaStatus.AWAITING_APPROVAL), reason);
    }

    public Action cancel(@Variable("runId") String runId, @Variable("reason") String reason,
                         @Variable("caller") Caller caller) {
        return abort(runId, caller, "cancel", List.of(SagaStatus.RUNNING, SagaStatus.AWAITING_APPROVAL), reason);
    }

    public Action retryCompensation(@Variable("runId") String runId, @Variable("caller") Caller caller) {
        requireOperator(caller);
        SagaStore.Saga saga = find(runId);
        if (!SagaStatus.FAILED_COMPENSATION.equals(saga.status())) {
            throw conflict(runId, "retry the compensation of", SagaStatus.FAILED_COMPENSATION);
        }
        audit(saga, caller, "saga.retry-compensation", null);
        awaitPass(control.retryCompensation(saga.id()));
        return new Action(runId, "retry-compensation", find(runId).status());
    }

    private Action abort(String runId, Caller caller, String action, List<String> allowed, String reason) {
        requireOperator(caller);
        String why = reason(reason);
        SagaStore.Saga saga = find(runId);
        if (!allowed.contains(saga.status())) {
            throw conflict(runId, action, String.join(" or ", allowed));
        }
        audit(saga, caller, "saga." + action, why);
        awaitPass(control.abort(saga.id(), action + "ed by " + caller.name()));
        return new Action(runId, action, find(runId).status());
    }

    /** Waits (briefly) for the first compensation pass, so the answer usually shows its outcome. */
    private static void awaitPass(CompletableFuture<Void> pass) {
        try {
            pass.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // still compensating: the answer says COMPENSATING and the saga goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CompletionException e) {
            throw new ProblemException(ProblemType.CONFLICT, e.getCause().getMessage());
        }
    }

    private SagaStore.Saga find(String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No saga " + runId);
        }
        SagaStore.Saga saga = store.find(id);
        if (saga == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No saga " + runId);
        }
        return saga;
    }

    private ProblemException conflict(String runId, String action, String expected) {
        SagaStore.Saga saga = store.find(UUID.fromString(runId));
        return new ProblemException(ProblemType.CONFLICT, "Cannot " + action + " saga " + runId + ": it is "
                + (saga == null ? "gone" : saga.status()) + ", not " + expected);
    }

    private void audit(SagaStore.Saga saga, Caller caller, String event, String reason) {
        jdbc.update(AUDIT, new MapSqlParameterSource().addValue("sessionId", saga.sessionId(), Types.VARCHAR)
                .addValue("workflowId", saga.workflowId(), Types.OTHER)
                .addValue("eventType", event)
                .addValue("actor", caller.id()));
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("status", String.valueOf(saga.status()));
        if (reason != null) {
            details.put("reason", reason);
        }
        auditLog.append(AuditEvent.by(caller.id(), caller.roles(), event, "run:" + saga.workflowId(), details));
    }

    /** The operator's reason, stripped; null when none; 400 over 500 characters. */
    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.length() > 500) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "reason must be at most 500 characters.");
        }
        return reason.strip();
    }

    private static void requireOperator(Caller caller) {
        if (!caller.isPrivileged()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Role operator or superadmin required");
        }
    }

    private static Instant instant(String value, String name, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, name + " is not an ISO-8601 instant: " + value);
        }
    }
}
