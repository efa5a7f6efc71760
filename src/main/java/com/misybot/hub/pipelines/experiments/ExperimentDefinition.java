package com.misybot.hub.pipelines.experiments;

import java.util.List;
import java.util.Map;

/** An experiment as an operator declares it (the schema-valid body of POST /api/v1/experiments). */
public record ExperimentDefinition(String name, String pipeline, String metric, Guardrail guardrail, long minSamples,
                                   double significance, List<Variant> variants) {

    /** Metric names of the request and of the stored rows. */
    public static final String CTR = "ctr";
    public static final String ENGAGEMENT = "engagement";
    public static final String ERROR_RATE = "errorRate";
    public static final String REVIEW_RATE = "reviewRate";

    /** A guardrail blocks a promotion when the variant's value exceeds the control's by more than maxDelta. */
    public record Guardrail(String metric, double maxDelta) {
    }

    /** A route version a variant runs (operator.RouteRegistry). */
    public record RouteRef(String routeId, int version) {
    }

    /** One arm: either parameters the run reads, or a route version. */
    public record Variant(String name, double weight, boolean control, Map<String, Object> parameters,
                          RouteRef routeVersion) {

        public Variant {
            parameters = parameters == null ? Map.of() : parameters;
        }
    }

    public Variant control() {
        return variants.stream().filter(Variant::control).findFirst()
                .orElseThrow(() -> new IllegalStateException("Experiment " + name + " has no control"));
    }

    public boolean usesRouteVersions() {
        return variants.stream().anyMatch(v -> v.routeVersion() != null);
    }
}
