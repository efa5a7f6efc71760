package com.misybot.hub.pipelines.experiments;

import com.misybot.hub.operator.RouteRegistry;
import com.misybot.hub.operator.RouteVersion;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a promotion changes outside the experiment's own row, and how a rollback undoes it. A parameters variant
 * changes nothing here: its parameters reach new runs through ExperimentAssignments. A route-version variant is
 * activated through the operator RouteRegistry, remembering the version that served before so a rollback returns
 * to exactly that one.
 */
@Component
public class PromotionActions {

    /** Who the RouteRegistry records for the hub's own activations. */
    public static final String AUTHOR = "system:experiments";

    private final ObjectProvider<RouteRegistry> registry;
    private final RouteVersionVariants versions;

    public PromotionActions(ObjectProvider<RouteRegistry> registry, RouteVersionVariants versions) {
        this.registry = registry;
        this.versions = versions;
    }

    /** Refuses (422) an experiment whose route versions this hub cannot activate, or that do not exist. */
    public void checkRunnable(ExperimentDefinition experiment) {
        if (!experiment.usesRouteVersions()) {
            return;
        }
        RouteRegistry routes = registry.getIfAvailable();
        if (routes == null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "Variants with a routeVersion need the operator "
                    + "route registry, which this hub does not run; use parameters variants.");
        }
        for (ExperimentDefinition.Variant variant : experiment.variants()) {
            ExperimentDefinition.RouteRef ref = variant.routeVersion();
            if (ref != null && routes.versions(ref.routeId()).stream().noneMatch(v -> v.version() == ref.version())) {
                throw new ProblemException(ProblemType.UNPROCESSABLE, "Variant " + variant.name() + ": route "
                        + ref.routeId() + " has no version " + ref.version() + ".");
            }
        }
        // each run of a version variant is served by its version, beside the active one
        versions.check(experiment);
    }

    /**
     * What promoting {@code winner} will change, read before anything changes: for a route version, the version
     * serving now (what a rollback returns to).
     */
    public Map<String, Object> plan(ExperimentDefinition.Variant winner) {
        Map<String, Object> promotion = new LinkedHashMap<>();
        promotion.put("variant", winner.name());
        ExperimentDefinition.RouteRef ref = winner.routeVersion();
        if (ref == null) {
            promotion.put("kind", "parameters");
            promotion.put("parameters", winner.parameters());
            return promotion;
        }
        promotion.put("kind", "routeVersion");
        promotion.put("routeId", ref.routeId());
        promotion.put("version", ref.version());
        promotion.put("previousVersion", registry().active(ref.routeId()).map(RouteVersion::version).orElse(null));
        return promotion;
    }

    /** Carries out a {@link #plan}: activates the route version (parameters need nothing here). */
    public void promote(Map<String, Object> promotion) {
        if ("routeVersion".equals(promotion.get("kind"))) {
            registry().activate((String) promotion.get("routeId"), ((Number) promotion.get("version")).intValue(),
                    AUTHOR);
        }
    }

    private RouteRegistry registry() {
        RouteRegistry routes = registry.getIfAvailable();
        if (routes == null) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "This hub runs no operator route registry: "
                    + "route versions cannot be activated or rolled back.");
        }
        return routes;
    }

    /** Undoes {@link #promote}: the route version that served before comes back. */
    public void rollback(Map<String, Object> promotion, String author) {
        if (promotion == null || !"routeVersion".equals(promotion.get("kind"))) {
            return;
        }
        Object previous = promotion.get("previousVersion");
        registry().rollback((String) promotion.get("routeId"), previous == null ? null : ((Number) previous).intValue(),
                author);
    }
}
