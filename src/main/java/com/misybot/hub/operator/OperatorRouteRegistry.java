package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.RouteValidator;
import com.misybot.hub.operator.validation.RouteOwnership;
import com.misybot.hub.operator.validation.RouteSource;
import com.misybot.hub.operator.validation.RouteValidationException;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governed way operator YAML changes: validate → store a version → swap it in without failing a request →
 * roll back. The database is the truth: every activation, rollback and retirement is one transaction that also
 * notifies the other replicas, which {@link #reconcile() reconcile} to the active versions.
 */
public class OperatorRouteRegistry implements RouteRegistry, RouteOwnership {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRouteRegistry.class);

    private final RouteValidator validator;
    private final RouteVersionStore store;
    private final RouteSwap swap;
    private final AuditLog audit;
    private final RouteWatch watch;
    /** Versions to serve beside the active ones (the experiments' route-version variants); none by default. */
    private volatile Supplier<Set<VersionCopies.VersionRef>> copyDemand = Set::of;

    public OperatorRouteRegistry(RouteValidator validator, RouteVersionStore store, RouteSwap swap, AuditLog audit,
                                 RouteWatch watch) {
        this.validator = validator;
        this.store = store;
        this.swap = swap;
        this.audit = audit;
        this.watch = watch;
    }

    @Override
    public RouteVersion submit(String yaml, String author, Set<String> roles, String source)
            throws RouteValidationException {
        RouteSource valid = validator.validate(yaml, roles);
        Optional<RouteVersion> latest = store.latest(valid.unitId());
        RouteVersion stored = store.store(valid, author, source, RouteVersion.Status.CANDIDATE);
        if (latest.isEmpty() || latest.get().version() != stored.version()) {
            record(AuditEvent.by(author, roles, "route.submit", stored.routeId(), details(stored)));
        }
        return stored;
    }

    @Override
    public RouteVersion activate(String routeId, int version, String author) {
        return change(routeId, author, "route.activate", unit -> version(unit, version));
    }

    @Override
    public RouteVersion rollback(String routeId, Integer version, String author) {
        return change(routeId, author, "route.rollback", unit -> version != null ? version(unit, version)
                : store.previous(unit).orElseThrow(() -> new ProblemException(ProblemType.CONFLICT,
                        "Unit '" + unit + "' has no earlier active version to roll back to.")));
    }

    /** Rolls back after the watch found too many failures: {@code failed} is marked failed with {@code reason}. */
    public synchronized void rollbackFailing(String unit, int failed, Integer previous, String reason) {
        Optional<RouteVersion> active = store.active(unit);
        if (active.isEmpty() || active.get().version() != failed) {
            return;
        }
        Optional<RouteVersion> back = previous != null ? store.find(unit, previous) : store.previous(unit);
        String author = "system:route-watch";
        if (back.isPresent()) {
            swap.swap(back.get());
            store.activate(unit, back.get().version());
        } else {
            swap.remove(unit);
        }
        store.fail(unit, failed, reason);
        Map<String, Object> details = details(active.get());
        details.put("reason", reason);
        back.ifPresent(b -> details.put("restoredVersion", b.version()));
        record(new AuditEvent(author, null, "route.auto-rollback", unit, details));
        LOG.warn("{} v{} rolled back to {}: {}", unit, failed, back.map(b -> "v" + b.version()).orElse("nothing"),
                reason);
    }

    @Override
    public synchronized void retire(String routeId, String author) {
        String unit = unit(routeId);
        RouteVersion active = store.active(unit).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Unit '" + unit + "' has no active version."));
        swap.remove(unit);
        store.retire(unit);
        watch.forget(unit);
        record(new AuditEvent(author, null, "route.retire", unit, details(active)));
    }

    @Override
    public List<RouteVersion> versions(String routeId) {
        return store.list(unit(routeId)).stream().map(RouteVersionStore.Stored::version).toList();
    }

    /** The versions with why each failed one could not serve. */
    public List<RouteVersionStore.Stored> storedVersions(String routeId) {
        return store.list(unit(routeId));
    }

    /** One version of the unit {@code routeId} names (404 problem when there is none). */
    public RouteVersion version(String routeId, int version) {
        String unit = store.unitOf(routeId).orElse(routeId);
        return store.find(unit, version).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "Unit '" + unit + "' has no version " + version + "."));
    }

    @Override
    public Optional<RouteVersion> active(String routeId) {
        return store.unitOf(routeId).flatMap(store::active);
    }

    @Override
    public List<RouteVersion> units() {
        return store.units();
    }

    /** The latest version number of every unit. */
    public Map<String, Integer> latestVersions() {
        return store.latestVersions();
    }

    @Override
    public Optional<String> unitOf(String routeId) {
        return store.unitOf(routeId);
    }

    /**
     * Makes this replica run the active version of every unit (and nothing of a unit without one). With
     * {@code markFailures} (at start) a version that does not load is marked failed; otherwise it is only logged.
     */
    public synchronized void reconcile(boolean markFailures) {
        List<RouteVersion> active = store.allActive();
        Map<String, RouteVersion> wanted = new LinkedHashMap<>();
        active.forEach(v -> wanted.put(v.routeId(), v));
        for (String unit : swap.running().keySet()) {
            if (!wanted.containsKey(unit) && !VersionCopies.isCopy(unit)) {
                LOG.info("{} has no active version any more: its routes stop on this replica", unit);
                swap.remove(unit);
            }
        }
        for (RouteVersion version : wanted.values()) {
            boolean current = swap.running(version.routeId()).map(r -> r.sha256().equals(version.sha256()))
                    .orElse(false);
            if (current) {
                continue;
            }
            try {
                swap.swap(version);
            } catch (RuntimeException e) {
                LOG.error("{} v{} (active) does not load on this replica: {}", version.routeId(), version.version(),
                        e.getMessage());
                if (markFailures) {
                    store.fail(version.routeId(), version.version(), e.getMessage());
                }
            }
        }
        reconcileCopies();
        swap.gateServedPaths();
    }

    /** Who says which versions are served beside the active ones (set once by the experiments). */
    public void setCopyDemand(Supplier<Set<VersionCopies.VersionRef>> demand) {
        this.copyDemand = demand;
    }

    /**
     * Where runs of version {@code ref} go: {@code ""} when it is the active version (or null), else the suffix of
     * the copy serving it beside the active one ({@link VersionCopies}), loaded here first if it is not yet.
     */
    public synchronized String serve(VersionCopies.VersionRef ref) {
        if (ref == null) {
            return "";
        }
        String unit = unit(ref.routeId());
        if (store.active(unit).map(a -> a.version() == ref.version()).orElse(false)) {
            return "";
        }
        String copyId = VersionCopies.copyId(unit, ref.version());
        if (swap.running(copyId).isEmpty()) {
            RouteVersion version = store.find(unit, ref.version()).orElseThrow(() -> new ProblemException(
                    ProblemType.NOT_FOUND, "Unit '" + unit + "' has no version " + ref.version() + "."));
            swap.swap(VersionCopies.copy(version));
            LOG.info("{} v{} serves beside the active version as {}", unit, ref.version(), copyId);
        }
        return VersionCopies.suffix(ref.version());
    }

    /** Refuses (422) a version that cannot be served beside the active one, or does not exist (404). */
    public void checkServable(VersionCopies.VersionRef ref) {
        String unit = unit(ref.routeId());
        RouteVersion version = store.find(unit, ref.version()).orElseThrow(() -> new ProblemException(
                ProblemType.UNPROCESSABLE, "Route " + ref.routeId() + " has no version " + ref.version() + "."));
        String why = VersionCopies.whyNotCopyable(version.yaml());
        if (why != null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, unit + " v" + ref.version()
                    + " cannot be served beside another version: " + why + ".");
        }
    }

    /**
     * Runs the copies the demand asks for on this replica and removes the others. A copy stays while asked for,
     * even once its version became the active one (a promotion): runs begun on it still call its routes.
     */
    public synchronized void reconcileCopies() {
        Set<String> wanted = new java.util.HashSet<>();
        Set<VersionCopies.VersionRef> demand;
        try {
            demand = copyDemand.get();
        } catch (RuntimeException e) {
            LOG.error("Reading which versions to serve beside the active ones failed; copies left as they are", e);
            return;
        }
        for (VersionCopies.VersionRef ref : demand) {
            try {
                String unit = unit(ref.routeId());
                String copyId = VersionCopies.copyId(unit, ref.version());
                if (swap.running(copyId).isPresent()) {
                    wanted.add(copyId);
                } else if (!serve(ref).isEmpty()) {
                    wanted.add(copyId);
                }
            } catch (RuntimeException e) {
                LOG.error("{} v{} could not be served beside the active version: {}", ref.routeId(), ref.version(),
                        e.getMessage());
            }
        }
        for (String unit : swap.running().keySet()) {
            if (VersionCopies.isCopy(unit) && !wanted.contains(unit)) {
                LOG.info("{} is no longer asked for: its routes stop on this replica", unit);
                swap.remove(unit);
            }
        }
    }

    private synchronized RouteVersion change(String routeId, String author, String action,
                                             Function<String, RouteVersion> choose) {
        String unit = unit(routeId);
        RouteVersion target = choose.apply(unit);
        Optional<RouteVersion> before = store.active(unit);
        boolean serving = target.status() == RouteVersion.Status.ACTIVE && swap.running(unit)
                .map(r -> r.sha256().equals(target.sha256()) && r.version().version() == target.version())
                .orElse(false);
        if (serving) {
            return target;
        }
        try {
            swap.swap(target);
        } catch (RouteSwap.SwapFailedException e) {
            store.fail(unit, target.version(), e.getMessage());
            Map<String, Object> details = details(target);
            details.put("error", e.getMessage());
            record(new AuditEvent(author, null, action + "-failed", unit, details));
            throw new ProblemException(ProblemType.ROUTE_START_FAILED, e.getMessage()
                    + before.map(b -> "; v" + b.version() + " serves again").orElse(""));
        }
        store.activate(unit, target.version());
        Map<String, Object> details = details(target);
        before.ifPresent(b -> details.put("previousVersion", b.version()));
        record(new AuditEvent(author, null, action, unit, details));
        watch.watch(unit, target.version(), before.map(RouteVersion::version).orElse(null));
        return store.find(unit, target.version()).orElseThrow();
    }

    private String unit(String routeId) {
        return store.unitOf(routeId).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                "No operator route or unit '" + routeId + "'."));
    }

    private static Map<String, Object> details(RouteVersion version) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version.version());
        details.put("sha256", version.sha256());
        details.put("source", version.source());
        return details;
    }

    private void record(AuditEvent event) {
        audit.append(event);
    }
}
