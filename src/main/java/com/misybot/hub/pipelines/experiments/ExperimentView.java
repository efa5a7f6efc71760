package com.misybot.hub.pipelines.experiments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What GET /api/v1/experiments/{id} answers: the definition, each variant's live numbers, and who did what when. */
public record ExperimentView(String id, String name, String pipeline, String metric,
                             ExperimentDefinition.Guardrail guardrail, long minSamples, double significance,
                             String status, String createdBy, Instant createdAt, List<VariantView> variants,
                             Decision decision, Promotion promotion, Stop stopped, Instant evaluatedAt) {

    /** One variant: how it is declared, and what it has collected against the control. */
    public record VariantView(String name, double weight, boolean control, Map<String, Object> parameters,
                              ExperimentDefinition.RouteRef routeVersion, long assignments, long runs,
                              Samples samples, double rate, Double z, Double pValue, GuardrailValue guardrail,
                              String verdict) {
    }

    /** The metric's trials (views) and successes (clicks, or likes + shares). */
    public record Samples(long trials, long successes) {
    }

    public record GuardrailValue(String metric, Double value, Double limit, boolean blocked) {
    }

    /** What the promotion rule says of the numbers now: the variant it would promote, or why none. */
    public record Decision(String winner, String reason) {
    }

    public record Promotion(String variant, String by, Instant at, Map<String, Object> change, String rolledBackBy,
                            Instant rolledBackAt) {
    }

    public record Stop(String by, Instant at) {
    }

    static ExperimentView of(ExperimentStore.Stored stored, PromotionRule.Evaluation evaluation) {
        ExperimentDefinition definition = stored.definition();
        String guardMetric = definition.guardrail() == null ? null : definition.guardrail().metric();
        List<VariantView> variants = new ArrayList<>();
        for (int i = 0; i < definition.variants().size(); i++) {
            ExperimentDefinition.Variant variant = definition.variants().get(i);
            PromotionRule.ArmReport report = evaluation.variants().get(i);
            variants.add(new VariantView(variant.name(), variant.weight(), variant.control(),
                    variant.routeVersion() == null ? variant.parameters() : null, variant.routeVersion(),
                    report.assignments(), report.runs(), new Samples(report.trials(), report.successes()),
                    report.rate(), report.z(), report.pValue(), guardMetric == null ? null
                            : new GuardrailValue(guardMetric, report.guardrailValue(), report.guardrailLimit(),
                                    report.guardrailBlocked()), report.verdict()));
        }
        Promotion promotion = stored.promotedVariant() == null ? null : new Promotion(stored.promotedVariant(),
                stored.promotedBy(), stored.promotedAt(), stored.promotion(), stored.rolledBackBy(),
                stored.rolledBackAt());
        Stop stop = stored.stoppedAt() == null ? null : new Stop(stored.stoppedBy(), stored.stoppedAt());
        return new ExperimentView(stored.id().toString(), definition.name(), definition.pipeline(),
                definition.metric(), definition.guardrail(), definition.minSamples(), definition.significance(),
                stored.status(), stored.createdBy(), stored.createdAt(), variants,
                new Decision(evaluation.winner(), evaluation.reason()), promotion, stop, stored.evaluatedAt());
    }
}
