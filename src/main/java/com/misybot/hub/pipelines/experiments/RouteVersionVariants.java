package com.misybot.hub.pipelines.experiments;

import com.misybot.hub.operator.OperatorRouteRegistry;
import com.misybot.hub.operator.VersionCopies;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.saga.SagaResumeEndpoints;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Route-version variants served side by side: a run assigned to a variant that names a version of the pipeline's
 * unit other than the active one enters that version's copy ({@link VersionCopies}: the same routes with ids and
 * endpoints suffixed {@code --v<N>}), begins and resumes there, and its saga calls that copy's compensations. The
 * operator route registry keeps a copy on every replica while an experiment running on the pipeline names it, or a
 * run begun on it has not finished.
 */
@Component
public class RouteVersionVariants implements SagaResumeEndpoints {

    /** The pipeline (its saga name) whose route versions this serves: ViralizationRuns.WORKFLOW. */
    static final String PIPELINE = "viralization";
    /** The route where a run of the viralization pipeline begins, and where an approved one resumes. */
    static final String ENTRY = "viralization-begin";
    static final String RESUME = "viralization-resume";

    private static final String WANTED = """
            SELECT DISTINCT v.route_id, v.route_version
              FROM experiment_variant v JOIN experiment e ON e.id = v.experiment_id
             WHERE v.route_id IS NOT NULL
               AND (e.status = 'running' OR EXISTS (
                    SELECT 1 FROM experiment_run r JOIN saga s ON s.id = r.run_id
                     WHERE r.experiment_id = e.id AND r.variant = v.name AND s.finished_at IS NULL))""";

    private final ObjectProvider<OperatorRouteRegistry> registry;
    private final NamedParameterJdbcTemplate jdbc;
    private final ExperimentAssignments assignments;

    public RouteVersionVariants(ObjectProvider<OperatorRouteRegistry> registry, NamedParameterJdbcTemplate jdbc,
                                ExperimentAssignments assignments) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.assignments = assignments;
        registry.ifAvailable(r -> r.setCopyDemand(this::wanted));
    }

    /** The versions to serve beside the active ones. */
    Set<VersionCopies.VersionRef> wanted() {
        return new LinkedHashSet<>(jdbc.query(WANTED, Map.of(), (rs, n) ->
                new VersionCopies.VersionRef(rs.getString(1), rs.getInt(2))));
    }

    /** The endpoint a new run with {@code variant} enters (the active version's, or its version's copy). */
    public String entry(PipelineVariant variant) {
        return "direct:" + ENTRY + suffix(variant == null ? null : variant.routeVersion());
    }

    @Override
    public String resumeUri(String sagaName, String sagaId) {
        if (!PIPELINE.equals(sagaName)) {
            return null;
        }
        ExperimentDefinition.RouteRef ref = assignments.forRun(sagaId).routeVersion();
        return ref == null ? null : "direct:" + RESUME + suffix(ref);
    }

    /**
     * Refuses (422) route-version variants this hub cannot serve side by side: they must name versions of the unit
     * where runs begin ({@value #ENTRY}), and a version other than the active one must be copyable.
     */
    void check(ExperimentDefinition experiment) {
        OperatorRouteRegistry routes = registry.getIfAvailable();
        if (routes == null || !experiment.usesRouteVersions()) {
            return;
        }
        Optional<String> pipelineUnit = routes.unitOf(ENTRY);
        for (ExperimentDefinition.Variant variant : experiment.variants()) {
            ExperimentDefinition.RouteRef ref = variant.routeVersion();
            if (ref == null) {
                continue;
            }
            Optional<String> unit = routes.unitOf(ref.routeId());
            if (unit.isEmpty() || !unit.equals(pipelineUnit)) {
                throw new ProblemException(ProblemType.UNPROCESSABLE, "Variant " + variant.name() + ": route "
                        + ref.routeId() + " is not part of the unit where runs of " + experiment.pipeline()
                        + " begin (" + pipelineUnit.orElse("none") + ", route " + ENTRY + ").");
            }
            boolean active = routes.active(ref.routeId()).map(v -> v.version() == ref.version()).orElse(false);
            if (!active) {
                routes.checkServable(new VersionCopies.VersionRef(ref.routeId(), ref.version()));
            }
        }
    }

    private String suffix(ExperimentDefinition.RouteRef ref) {
        OperatorRouteRegistry routes = registry.getIfAvailable();
        if (ref == null || routes == null) {
            return "";
        }
        return routes.serve(new VersionCopies.VersionRef(ref.routeId(), ref.version()));
    }
}
