package com.misybot.hub.operator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one version of a unit into the CamelContext in place of the one it runs, with gated requests held: the old
 * routes stop gracefully (exchanges in flight finish), the new ones are added and must reach Started; if they do
 * not, they are removed and the old version is put back the same way. Knows which version of each unit this
 * replica runs.
 */
public class RouteSwap {

    /**
     * How long callers that looked a consumer up just before its suspension get to enter its route. A caller
     * descheduled longer than this between the lookup and entering the route (a machine with every core busy) still
     * gets a RejectedExecutionException: the one window a swap can fail a direct: call (README, "Operator YAML" in the layout).
     * 50 ms failed RouteSwapTest on 2 busy cores; a swap already waits for Camel's graceful stop (about 1 s).
     */
    private static final long CALLER_GRACE_MILLIS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(RouteSwap.class);
    private static final String RESOURCE_PREFIX = "operator:";
    /** Template parameter of a kamelet's route naming the route that uses the kamelet (Kamelet.PARENT_ROUTE_ID). */
    private static final String KAMELET_PARENT = "parentRouteId";

    /** What this replica runs for a unit. */
    public record Running(RouteVersion version, Set<String> routeIds) {

        public String sha256() {
            return version.sha256();
        }
    }

    /** The new version could not start; the previous one (if any) serves again. */
    public static class SwapFailedException extends RuntimeException {
        public SwapFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CamelContext camel;
    private final OperatorRequestGate gate;
    private final OperatorRoutesProperties properties;
    private final PlatformHttpMappings mappings;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public RouteSwap(CamelContext camel, OperatorRequestGate gate, OperatorRoutesProperties properties,
                     PlatformHttpMappings mappings) {
        this.camel = camel;
        this.gate = gate;
        this.properties = properties;
        this.mappings = mappings;
    }

    public Optional<Running> running(String unit) {
        return Optional.ofNullable(running.get(unit));
    }

    public Map<String, Running> running() {
        return Map.copyOf(running);
    }

    /** The resource name routes are loaded under, shown by Hawtio as their source: {@code operator:<unit>@v<N>.camel.yaml}. */
    public static String resourceName(RouteVersion version) {
        return RESOURCE_PREFIX + version.routeId() + "@v" + version.version() + ".camel.yaml";
    }

    /** Serves {@code next} instead of what the unit runs now; throws (with the old version back) if it cannot start. */
    public synchronized void swap(RouteVersion next) {
        gate.closedFor(properties.swapWait(), () -> {
            Optional<RouteVersion> current = running(next.routeId()).map(Running::version);
            unload(next.routeId());
            try {
                load(next);
            } catch (Exception e) {
                unload(next.routeId());
                current.ifPresent(this::restore);
                throw new SwapFailedException(next.routeId() + " v" + next.version() + " did not start: "
                        + rootMessage(e), e);
            } finally {
                // still gated: a path the unit no longer serves answers 404 from its first request on
                mappings.dropStale();
            }
            return null;
        });
        refreshGate();
    }

    /** Stops and removes the unit's routes (and route templates). */
    public synchronized void remove(String unit) {
        gate.closedFor(properties.swapWait(), () -> {
            unload(unit);
            mappings.dropStale();
            return null;
        });
        refreshGate();
    }

    private void restore(RouteVersion previous) {
        try {
            load(previous);
            LOG.warn("{} v{} serves again", previous.routeId(), previous.version());
        } catch (Exception e) {
            unload(previous.routeId());
            LOG.error("{} v{} could not be put back either: the unit serves nothing on this replica",
                    previous.routeId(), previous.version(), e);
        }
    }

    private void load(RouteVersion version) throws Exception {
        Resource resource = ResourceHelper.fromString(resourceName(version), version.yaml());
        PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
        Set<String> ids = new LinkedHashSet<>(version.routeIds());
        ids.addAll(routesOf(version.routeId()));
        Set<String> leftOut = leftOutHere(version);
        ids.removeIf(id -> camel.getRoute(id) == null && leftOut.contains(id));
        if (!leftOut.isEmpty()) {
            LOG.info("{} v{}: routes {} have a false precondition on this replica and do not run here",
                    version.routeId(), version.version(), leftOut);
        }
        for (String id : ids) {
            Route route = camel.getRoute(id);
            if (route == null) {
                throw new IllegalStateException("route " + id + " was not created");
            }
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            if (route.isAutoStartup() && (status == null || !status.isStarted())) {
                throw new IllegalStateException("route " + id + " is " + status + ", not Started");
            }
        }
        running.put(version.routeId(), new Running(version, ids));
        LOG.info("{} v{} serves (routes {}, sha256 {})", version.routeId(), version.version(), ids,
                version.sha256());
    }

    /**
     * The version's routes whose {@code precondition} (their own, or their template's) is false with this replica's
     * configuration, as Camel evaluates it: Camel leaves them out on purpose (the viralization pipeline runs only
     * with the persistent saga service), so their absence is no failure of the version.
     */
    private Set<String> leftOutHere(RouteVersion version) {
        Set<String> leftOut = new LinkedHashSet<>();
        Object document = new Load(LoadSettings.builder().build()).loadFromString(version.yaml());
        if (!(document instanceof List<?> entries)) {
            return leftOut;
        }
        Map<Object, Object> templatePreconditions = new java.util.HashMap<>();
        for (Object entry : entries) {
            Map<?, ?> template = child(entry, "routeTemplate");
            if (template != null) {
                templatePreconditions.put(template.get("id"), precondition(child(template, "route")));
            }
        }
        for (Object entry : entries) {
            Map<?, ?> route = child(entry, "route");
            Map<?, ?> templated = child(entry, "templatedRoute");
            if (route != null && isFalseHere(precondition(route))) {
                leftOut.add(String.valueOf(route.get("id")));
            } else if (templated != null && templated.get("routeId") != null
                    && isFalseHere(templatePreconditions.get(templated.get("routeTemplateRef")))) {
                leftOut.add(String.valueOf(templated.get("routeId")));
            }
        }
        return leftOut;
    }

    private static Map<?, ?> child(Object node, String key) {
        return node instanceof Map<?, ?> map && map.get(key) instanceof Map<?, ?> child ? child : null;
    }

    private static Object precondition(Map<?, ?> route) {
        return route == null ? null : route.get("precondition");
    }

    private boolean isFalseHere(Object precondition) {
        if (!(precondition instanceof String text) || text.isBlank()) {
            return false;
        }
        try {
            String resolved = camel.resolvePropertyPlaceholders(text);
            return !camel.resolveLanguage("simple").createPredicate(resolved).matches(new DefaultExchange(camel));
        } catch (RuntimeException e) {
            return false; // not evaluable here: a route it leaves out stays a failure
        }
    }

    private void unload(String unit) {
        Running current = running.remove(unit);
        Set<String> ids = new LinkedHashSet<>(routesOf(unit));
        if (current != null) {
            ids.addAll(current.routeIds());
        }
        // the routes kamelets created for the unit's routes go with them (Camel leaves them running otherwise, one
        // more per activation); the parents stop first, so nothing is sent to a kamelet route that is gone
        ids.addAll(kameletRoutesOf(ids));
        // Suspend every consumer first, then give callers that already hold a consumer a moment before the routes
        // stop: a direct: producer looks its consumer up and then enters the route, so a route stopped in between
        // rejects that exchange (RejectedExecutionException) although the in-flight count was 0 when the stop
        // checked. Suspended, a direct: endpoint has no consumer, so new callers wait for the new version.
        boolean suspended = false;
        for (String id : ids) {
            if (camel.getRoute(id) != null) {
                try {
                    camel.getRouteController().suspendRoute(id, properties.stopTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                    suspended = true;
                } catch (Exception e) {
                    throw new IllegalStateException("Could not suspend route " + id + ": " + rootMessage(e), e);
                }
            }
        }
        if (suspended) {
            try {
                Thread.sleep(CALLER_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String id : ids) {
            if (camel.getRoute(id) == null) {
                continue;
            }
            try {
                // graceful: the consumer stops taking new exchanges, those in flight finish (up to stop-timeout)
                camel.getRouteController().stopRoute(id, properties.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
                camel.removeRoute(id);
            } catch (Exception e) {
                throw new IllegalStateException("Could not stop route " + id + ": " + rootMessage(e), e);
            }
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<String> templates = new ArrayList<>();
        model.getRouteTemplateDefinitions().stream()
                .filter(t -> t.getResource() != null && isOf(unit, t.getResource().getLocation()))
                .forEach(t -> templates.add(t.getId()));
        for (String template : templates) {
            try {
                model.removeRouteTemplateDefinitions(template);
            } catch (Exception e) {
                throw new IllegalStateException("Could not remove route template " + template, e);
            }
        }
    }

    /** The routes kamelets created for {@code parents}, and for those in turn (a kamelet may use kamelets). */
    private Set<String> kameletRoutesOf(Set<String> parents) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> found = new LinkedHashSet<>();
        Set<String> wanted = new LinkedHashSet<>(parents);
        boolean more = true;
        while (more) {
            more = false;
            for (Route route : camel.getRoutes()) {
                RouteDefinition definition = route.isCreatedByKamelet() ? model.getRouteDefinition(route.getRouteId())
                        : null;
                Object parent = definition == null || definition.getTemplateParameters() == null ? null
                        : definition.getTemplateParameters().get(KAMELET_PARENT);
                if (parent != null && wanted.contains(parent.toString()) && found.add(route.getRouteId())) {
                    wanted.add(route.getRouteId());
                    more = true;
                }
            }
        }
        return found;
    }

    /** Ids of the routes in the context that were loaded from one of the unit's versions. */
    private List<String> routesOf(String unit) {
        return camel.getRoutes().stream()
                .filter(r -> r.getSourceResource() != null && isOf(unit, r.getSourceResource().getLocation()))
                .map(Route::getRouteId).toList();
    }

    private static boolean isOf(String unit, String location) {
        return location != null && location.startsWith(RESOURCE_PREFIX + unit + "@v");
    }

    /** The gate holds requests to every path an operator route serves. */
    private void refreshGate() {
        Set<String> paths = new LinkedHashSet<>();
        for (Route route : camel.getRoutes()) {
            Endpoint endpoint = route.getEndpoint();
            if (route.getSourceResource() != null && route.getSourceResource().getLocation() != null
                    && route.getSourceResource().getLocation().startsWith(RESOURCE_PREFIX)
                    && endpoint instanceof PlatformHttpEndpoint http) {
                String path = http.getPath();
                paths.add(http.isMatchOnUriPrefix() ? path + "/**" : path);
                paths.add(path);
            }
        }
        gate.gate(paths);
    }

    /** Called once routes are loaded at start. */
    public void gateServedPaths() {
        refreshGate();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
