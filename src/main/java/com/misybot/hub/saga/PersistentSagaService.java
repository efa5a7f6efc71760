package com.misybot.hub.saga;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.saga.CamelSagaCoordinator;
import org.apache.camel.saga.CamelSagaService;
import org.apache.camel.saga.CamelSagaStep;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel saga service whose sagas live in PostgreSQL: every saga, step (compensation and completion endpoint URIs,
 * option values) and status change is a row, so any instance can finish a saga another one started. Compensations
 * run in reverse step order, each at most once, retried with backoff until they succeed or the saga is left
 * {@code FAILED_COMPENSATION} for an operator. {@link SagaRecovery} finishes sagas whose instance died or whose
 * deadline passed.
 */
public class PersistentSagaService extends ServiceSupport implements CamelSagaService, SagaControl {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentSagaService.class);
    private static final TypeReference<Map<String, Object>> OPTIONS = new TypeReference<>() { };
    private static final Set<String> ABORTABLE = Set.of(SagaStatus.RUNNING, SagaStatus.AWAITING_APPROVAL);

    private final SagaStore store;
    private final SagaProperties properties;
    private final SagaMetrics metrics;
    private final ObjectMapper json;
    private final String instanceId = UUID.randomUUID().toString();
    /** Sagas this instance is compensating or completing right now. */
    private final Map<UUID, CompletableFuture<Void>> driving = new ConcurrentHashMap<>();
    private CamelContext camelContext;
    private ProducerTemplate producer;
    private ExecutorService workers;

    public PersistentSagaService(SagaStore store, SagaProperties properties, SagaMetrics metrics, ObjectMapper json) {
        this.store = store;
        this.properties = properties;
        this.metrics = metrics;
        this.json = json;
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    public CompletableFuture<CamelSagaCoordinator> newSaga(Exchange exchange) {
        return attempt(() -> {
            String hint = exchange.getVariable(SagaVariables.ID, String.class);
            UUID id = hint == null ? UUID.randomUUID() : UUID.fromString(hint);
            String workflow = exchange.getVariable(SagaVariables.WORKFLOW, String.class);
            store.insert(id, exchange.getVariable(SagaVariables.NAME, "saga", String.class),
                    workflow == null ? null : UUID.fromString(workflow),
                    exchange.getVariable(SagaVariables.SESSION, String.class),
                    exchange.getVariable(SagaVariables.OWNER, String.class), instanceId, properties.lease());
            return new Coordinator(id);
        });
    }

    @Override
    public CompletableFuture<CamelSagaCoordinator> getSaga(String id) {
        return attempt(() -> new Coordinator(UUID.fromString(id)));
    }

    @Override
    public void registerStep(CamelSagaStep step) {
        // steps are recorded when they begin, with their endpoint URIs: nothing to keep in memory
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /**
     * Camel's saga EIP stops the saga service whenever a route using it stops ({@code SagaProcessor.doStop}) and
     * starts it again with the next such route. Operator routes stop while others run (a swap, a retired unit, a
     * version copy removed after an experiment): that would shut the workers down under every other saga in flight.
     * The CamelContext added this service and owns it: while the context runs, a route's stop leaves it running.
     */
    @Override
    public void stop() {
        if (camelContext != null && camelContext.hasService(this) && !camelContext.isStopping()
                && !camelContext.isStopped()) {
            LOG.debug("A route using sagas stopped; the saga service keeps running with the CamelContext");
            return;
        }
        super.stop();
    }

    @Override
    protected void doStart() {
        producer = camelContext.createProducerTemplate();
        workers = camelContext.getExecutorServiceManager()
                .newFixedThreadPool(this, "saga-worker", properties.workers());
    }

    @Override
    protected void doStop() throws Exception {
        camelContext.getExecutorServiceManager().shutdownGraceful(workers);
        producer.stop();
    }

    // ---- SagaControl: what pipelines and the saga API do besides Camel's saga EIP

    @Override
    public void stepDone(UUID sagaId, String step) {
        store.finishStep(sagaId, step, SagaStatus.STEP_DONE, null);
    }

    @Override
    public void stepFailed(UUID sagaId, String step, String error) {
        store.finishStep(sagaId, step, SagaStatus.STEP_FAILED, error);
    }

    @Override
    public boolean pause(UUID sagaId, Duration approvalTimeout) {
        return store.transition(sagaId, List.of(SagaStatus.RUNNING), SagaStatus.AWAITING_APPROVAL, false, null,
                properties.lease(), approvalTimeout, null);
    }

    @Override
    public boolean resume(UUID sagaId, Duration timeout) {
        return store.transition(sagaId, List.of(SagaStatus.AWAITING_APPROVAL), SagaStatus.RUNNING, true, instanceId,
                properties.lease(), timeout, null);
    }

    @Override
    public CompletableFuture<Void> abort(UUID sagaId, String reason) {
        if (store.transition(sagaId, ABORTABLE, SagaStatus.COMPENSATING, true, instanceId, properties.lease(), null,
                reason)) {
            return drive(sagaId);
        }
        return CompletableFuture.failedFuture(new IllegalStateException(notInStatus(sagaId, ABORTABLE)));
    }

    @Override
    public CompletableFuture<Void> retryCompensation(UUID sagaId) {
        if (store.transition(sagaId, List.of(SagaStatus.FAILED_COMPENSATION, SagaStatus.COMPENSATING),
                SagaStatus.COMPENSATING, true, instanceId, properties.lease(), null, null)) {
            store.resetAttempts(sagaId);
            return drive(sagaId);
        }
        return CompletableFuture.failedFuture(new IllegalStateException(
                notInStatus(sagaId, Set.of(SagaStatus.FAILED_COMPENSATION, SagaStatus.COMPENSATING))));
    }

    /** Compensates or completes a saga this instance holds, on the worker pool; one drive per saga at a time. */
    CompletableFuture<Void> drive(UUID sagaId) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = driving.putIfAbsent(sagaId, mine);
        if (running != null) {
            // claimed again while a drive is ending (a retry fell due): drive once more after it
            return running.handle((done, failure) -> null).thenCompose(ignored -> drive(sagaId));
        }
        workers.execute(() -> {
            try {
                finish(sagaId);
                driving.remove(sagaId, mine);
                mine.complete(null);
            } catch (RuntimeException | Error e) {
                driving.remove(sagaId, mine);
                LOG.error("Saga {} could not be driven to its end", sagaId, e);
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    int driving() {
        return driving.size();
    }

    int heartbeat() {
        return store.heartbeat(instanceId, properties.lease());
    }

    private void finish(UUID sagaId) {
        SagaStore.Saga saga = store.find(sagaId);
        if (saga == null) {
            return;
        }
        if (SagaStatus.COMPENSATING.equals(saga.status())) {
            List<SagaStore.Step> steps = new ArrayList<>(store.steps(sagaId));
            Collections.reverse(steps);
            settle(saga, steps, true);
        } else if (SagaStatus.COMPLETING.equals(saga.status())) {
            settle(saga, store.steps(sagaId), false);
        }
    }

    /** Runs each step's compensation (or completion) in the order given; stops at the first failure. */
    private void settle(SagaStore.Saga saga, List<SagaStore.Step> steps, boolean compensate) {
        String from = compensate ? SagaStatus.COMPENSATING : SagaStatus.COMPLETING;
        String done = compensate ? SagaStatus.COMPENSATED : SagaStatus.COMPLETED;
        for (SagaStore.Step step : steps) {
            String uri = compensate ? step.compensationUri() : step.completionUri();
            if (uri == null || done.equals(step.status())) {
                continue;
            }
            String error = invoke(uri, saga.id(), step);
            if (error == null) {
                if (store.settleStep(step.id(), done) && compensate) {
                    metrics.compensated(saga.name(), step.name());
                }
                continue;
            }
            int attempts = store.stepAttemptFailed(step.id(),
                    compensate ? SagaStatus.STEP_COMPENSATION_FAILED : SagaStatus.STEP_COMPLETION_FAILED, error);
            String message = (compensate ? "compensation" : "completion") + " of step " + step.name()
                    + " failed (attempt " + attempts + "): " + error;
            LOG.warn("Saga {}: {}", saga.id(), message);
            if (attempts < properties.compensation().maxAttempts()) {
                store.retryLater(saga.id(), properties.compensation().backoff(attempts), message);
                return;
            }
            if (compensate) {
                if (store.transition(saga.id(), List.of(from), SagaStatus.FAILED_COMPENSATION, false, null,
                        properties.lease(), null, message)) {
                    metrics.finished(saga, SagaStatus.FAILED_COMPENSATION);
                }
                return;
            }
            // a completion that keeps failing does not undo a saga whose work all succeeded: record and go on
        }
        if (store.transition(saga.id(), List.of(from), done, false, null, properties.lease(), null, null)) {
            metrics.finished(saga, done);
        }
    }

    /** Sends the saga's id and the step's option values to the endpoint; the error text, or null on success. */
    private String invoke(String uri, UUID sagaId, SagaStore.Step step) {
        try {
            Endpoint endpoint = camelContext.getEndpoint(uri);
            if (endpoint instanceof DirectEndpoint && !consumed(endpoint)) {
                // a direct: producer would hold this worker up to 30 s waiting for a consumer: fail now, retry later
                return "no started route consumes " + uri + " (its operator unit is not loaded or failed to load)";
            }
            Exchange exchange = endpoint.createExchange();
            exchange.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, sagaId.toString());
            if (step.options() != null) {
                exchange.getMessage().getHeaders().putAll(json.readValue(step.options(), OPTIONS));
            }
            Exchange result = producer.send(endpoint, exchange);
            Exception failure = result.getException();
            return failure == null ? null : Failures.describe(failure);
        } catch (JsonProcessingException | RuntimeException e) {
            return Failures.describe(e);
        }
    }

    /** A started route reads from {@code endpoint}. */
    private boolean consumed(Endpoint endpoint) {
        String key = endpoint.getEndpointKey();
        return camelContext.getRoutes().stream().anyMatch(route -> key.equals(route.getEndpoint().getEndpointKey())
                && camelContext.getRouteController().getRouteStatus(route.getRouteId()).isStarted());
    }

    private String notInStatus(UUID sagaId, Set<String> expected) {
        SagaStore.Saga saga = store.find(sagaId);
        return saga == null ? "no saga " + sagaId
                : "saga " + sagaId + " is " + saga.status() + ", not " + String.join(" or ", expected);
    }

    private static <T> CompletableFuture<T> attempt(Supplier<T> action) {
        try {
            return CompletableFuture.completedFuture(action.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A saga as seen by Camel's saga EIP: a handle on the rows, holding no state of its own. */
    private final class Coordinator implements CamelSagaCoordinator {

        private final UUID id;

        Coordinator(UUID id) {
            this.id = id;
        }

        @Override
        public String getId() {
            return id.toString();
        }

        @Override
        public CompletableFuture<Void> beginStep(Exchange exchange, CamelSagaStep step) {
            return attempt(() -> {
                Map<String, Object> values = options(exchange, step);
                String compensation = step.getCompensation().map(Endpoint::getEndpointUri).orElse(null);
                String completion = step.getCompletion().map(Endpoint::getEndpointUri).orElse(null);
                Object named = values.get(SagaVariables.STEP_OPTION);
                String name = named != null ? named.toString()
                        : compensation != null ? compensation : completion != null ? completion : "step";
                if (!store.beginStep(id, name, compensation, completion, values.isEmpty() ? null : write(values),
                        step.getTimeoutInMilliseconds().orElse(null))) {
                    throw new IllegalStateException("Cannot begin step " + name + ": "
                            + notInStatus(id, Set.of(SagaStatus.RUNNING)));
                }
                return null;
            });
        }

        @Override
        public CompletableFuture<Void> compensate(Exchange exchange) {
            String reason = exchange.getException() != null ? Failures.describe(exchange.getException())
                    : exchange.getVariable("hub.saga.reason", String.class);
            if (store.transition(id, ABORTABLE, SagaStatus.COMPENSATING, true, instanceId, properties.lease(), null,
                    reason)) {
                return drive(id);
            }
            SagaStore.Saga saga = store.find(id);
            if (saga != null && (SagaStatus.COMPENSATING.equals(saga.status())
                    || SagaStatus.COMPENSATED.equals(saga.status())
                    || SagaStatus.FAILED_COMPENSATION.equals(saga.status()))) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(new IllegalStateException("Cannot compensate: "
                    + (saga == null ? "no saga " + id : "status is " + saga.status())));
        }

        @Override
        public CompletableFuture<Void> complete(Exchange exchange) {
            if (store.transition(id, List.of(SagaStatus.RUNNING), SagaStatus.COMPLETING, true, instanceId,
                    properties.lease(), null, null)) {
                return drive(id);
            }
            SagaStore.Saga saga = store.find(id);
            if (saga != null && (SagaStatus.COMPLETING.equals(saga.status())
                    || SagaStatus.COMPLETED.equals(saga.status()))) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(new IllegalStateException("Cannot complete: "
                    + (saga == null ? "no saga " + id : "status is " + saga.status())));
        }

        private Map<String, Object> options(Exchange exchange, CamelSagaStep step) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Expression> option : step.getOptions().entrySet()) {
                Object value = option.getValue() == null ? null : option.getValue().evaluate(exchange, Object.class);
                if (value != null) {
                    values.put(option.getKey(), value instanceof Number || value instanceof Boolean ? value
                            : value.toString());
                }
            }
            return values;
        }

        private String write(Map<String, Object> values) {
            try {
                return json.writeValueAsString(values);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Saga step options are not serializable", e);
            }
        }
    }
}
