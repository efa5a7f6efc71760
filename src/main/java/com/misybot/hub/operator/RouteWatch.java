package com.misybot.hub.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The watch after an activation (route operator-route-watch): while {@code watch-window} lasts, the failed share of
 * the exchanges the unit's routes took since activation (failed plus failures handled by an error handler, e.g. a
 * problem+json answer) is compared with {@code max-error-rate} once {@code min-exchanges} have run; above it, the
 * registry rolls back to the version that served before. Counts are this replica's: each replica watches its own.
 */
public class RouteWatch {

    /** One activation being watched. */
    record Watched(String unit, int version, Integer previous, Instant since) {
    }

    /** What the watch measured for one unit. */
    public record Rate(long exchanges, long failures) {

        double value() {
            return exchanges == 0 ? 0 : (double) failures / exchanges;
        }
    }

    private final CamelContext camel;
    private final RouteSwap swap;
    private final OperatorRoutesProperties.Activation limits;
    private final Clock clock;
    private final ObjectProvider<OperatorRouteRegistry> registry;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    public RouteWatch(CamelContext camel, RouteSwap swap, OperatorRoutesProperties properties, Clock clock,
                      ObjectProvider<OperatorRouteRegistry> registry) {
        this.camel = camel;
        this.swap = swap;
        this.limits = properties.activation();
        this.clock = clock;
        this.registry = registry;
    }

    void watch(String unit, int version, Integer previous) {
        watched.put(unit, new Watched(unit, version, previous, clock.instant()));
    }

    void forget(String unit) {
        watched.remove(unit);
    }

    /** One pass of the watch: rolls back each watched unit whose error rate is over the limit. */
    public void check() {
        Instant now = clock.instant();
        for (Watched w : watched.values()) {
            if (now.isAfter(w.since().plus(limits.watchWindow()))) {
                watched.remove(w.unit(), w);
                continue;
            }
            Rate rate = rate(w.unit(), w.version());
            if (rate.exchanges() >= limits.minExchanges() && rate.value() > limits.maxErrorRate()) {
                watched.remove(w.unit(), w);
                registry.getObject().rollbackFailing(w.unit(), w.version(), w.previous(), String.format(
                        "error rate %.2f (%d of %d exchanges) over the limit %.2f within %s of activation",
                        rate.value(), rate.failures(), rate.exchanges(), limits.maxErrorRate(), limits.watchWindow()));
            }
        }
    }

    /** Exchanges and failures of the unit's routes since they started (they start fresh at each activation). */
    Rate rate(String unit, int version) {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        long exchanges = 0;
        long failures = 0;
        var running = swap.running(unit).filter(r -> r.version().version() == version);
        if (running.isEmpty() || managed == null) {
            return new Rate(0, 0);
        }
        for (String id : running.get().routeIds()) {
            ManagedRouteMBean route = managed.getManagedRoute(id);
            if (route != null) {
                exchanges += route.getExchangesTotal();
                failures += route.getExchangesFailed() + route.getFailuresHandled();
            }
        }
        return new Rate(exchanges, failures);
    }
}
