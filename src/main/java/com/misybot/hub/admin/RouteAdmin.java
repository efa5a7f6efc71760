package com.misybot.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.operator.OperatorRouteRegistry;
import com.misybot.hub.operator.RouteSwap;
import com.misybot.hub.operator.validation.RouteValidationException;
import com.misybot.hub.operator.RouteVersion;
import com.misybot.hub.operator.RouteVersionStore;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.web.UnifiedDiff;
import com.misybot.hub.platform.web.VersionNumbers;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/** The admin API's side of the operator route registry: maps requests to it and its answers to JSON views. */
@Service("routeAdmin")
public class RouteAdmin {

    /** A stored submission. */
    public record Submitted(String routeId, List<String> routeIds, List<String> templateIds, int version,
                            String sha256, String status) {
    }

    /** A unit after an activation or rollback: the version that serves now. */
    public record Serving(String routeId, int version, String sha256, String status) {
    }

    /** A unit as listed: its active version (null when none), and the version this replica runs. */
    public record Unit(String routeId, List<String> routeIds, Integer activeVersion, Integer latestVersion,
                       Integer runningVersion, String status, String source) {
    }

    public record Version(int version, String sha256, String status, String author, String source,
                          List<String> routeIds, List<String> templateIds, Instant createdAt, Instant activatedAt,
                          String error) {
    }

    public record Versions(String routeId, List<Version> versions) {
    }

    public record Diff(String routeId, int version, Integer against, String diff) {
    }

    public record Retired(String routeId, String status) {
    }

    private final OperatorRouteRegistry registry;
    private final RouteSwap swap;

    public RouteAdmin(OperatorRouteRegistry registry, RouteSwap swap) {
        this.registry = registry;
        this.swap = swap;
    }

    public Submitted submit(@Body String yaml, @Variable("caller") Caller caller) {
        try {
            RouteVersion v = registry.submit(yaml == null ? "" : yaml, caller.id(), caller.roles(), "api");
            return new Submitted(v.routeId(), v.routeIds(), v.templateIds(), v.version(), v.sha256(), status(v));
        } catch (RouteValidationException e) {
            throw e.toProblem("The YAML");
        }
    }

    public List<Unit> list() {
        java.util.Map<String, Integer> latestVersions = registry.latestVersions();
        return registry.units().stream().map(v -> {
            Integer latest = latestVersions.get(v.routeId());
            Integer running = swap.running(v.routeId()).map(r -> r.version().version()).orElse(null);
            boolean active = v.status() == RouteVersion.Status.ACTIVE;
            return new Unit(v.routeId(), v.routeIds(), active ? v.version() : null, latest, running, status(v),
                    v.source());
        }).toList();
    }

    public Versions versions(@Variable("routeId") String routeId) {
        List<RouteVersionStore.Stored> all = registry.storedVersions(routeId);
        List<Version> versions = all.stream().map(s -> {
            RouteVersion v = s.version();
            return new Version(v.version(), v.sha256(), status(v), v.author(), v.source(), v.routeIds(),
                    v.templateIds(), v.createdAt(), v.activatedAt(), s.error());
        }).toList();
        return new Versions(all.isEmpty() ? routeId : all.get(0).version().routeId(), versions);
    }

    public Diff diff(@Variable("routeId") String routeId, @Variable("version") String version,
                     @Variable("against") String against) {
        RouteVersion revised = registry.version(routeId, VersionNumbers.parse(version, "version"));
        RouteVersion original = null;
        if (against != null && !against.isBlank()) {
            original = registry.version(routeId, VersionNumbers.parse(against, "against"));
        } else {
            original = registry.active(revised.routeId()).filter(a -> a.version() != revised.version())
                    .orElseGet(() -> revised.version() > 1 ? registry.version(routeId, revised.version() - 1) : null);
        }
        String diff = UnifiedDiff.of(original == null ? null : RouteSwap.resourceName(original),
                original == null ? null : original.yaml(), RouteSwap.resourceName(revised), revised.yaml());
        return new Diff(revised.routeId(), revised.version(), original == null ? null : original.version(), diff);
    }

    public Serving activate(@Variable("routeId") String routeId, @Variable("version") String version,
                            @Variable("caller") Caller caller) {
        RouteVersion v = registry.activate(routeId, VersionNumbers.parse(version, "version"), caller.id());
        return new Serving(v.routeId(), v.version(), v.sha256(), status(v));
    }

    public Serving rollback(@Variable("routeId") String routeId, @Variable("json") JsonNode request,
                            @Variable("caller") Caller caller) {
        Integer version = request.hasNonNull("version") ? request.get("version").asInt() : null;
        RouteVersion v = registry.rollback(routeId, version, caller.id());
        return new Serving(v.routeId(), v.version(), v.sha256(), status(v));
    }

    public Retired retire(@Variable("routeId") String routeId, @Variable("caller") Caller caller) {
        registry.retire(routeId, caller.id());
        return new Retired(registry.unitOf(routeId).orElse(routeId), "retired");
    }

    private static String status(RouteVersion v) {
        return v.status().name().toLowerCase(Locale.ROOT);
    }
}
