package com.misybot.hub.pipelines.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * When a variant is promoted: it has at least minSamples trials and so has the control, the one-sided
 * two-proportion z-test of its rate against the control's gives p &lt; significance, and its guardrail value is not
 * above the control's + maxDelta. Among several such variants the smallest p wins. Plain Java, no store.
 */
public final class PromotionRule {

    /** One variant's numbers as GET /experiments/{id} shows them; the control has no z, p or verdict. */
    public record ArmReport(String variant, boolean control, long assignments, long runs, long trials, long successes,
                            double rate, Double z, Double pValue, Double guardrailValue, Double guardrailLimit,
                            boolean guardrailBlocked, boolean enoughSamples, boolean significant, boolean eligible,
                            String verdict) {
    }

    /** The variants' reports and the winner (null when none qualifies, with the reason). */
    public record Evaluation(List<ArmReport> variants, String winner, String reason) {
    }

    private PromotionRule() {
    }

    public static Evaluation evaluate(ExperimentDefinition experiment, Map<String, ArmStats> stats) {
        ExperimentDefinition.Variant controlVariant = experiment.control();
        ArmStats control = stats.getOrDefault(controlVariant.name(), ArmStats.empty(controlVariant.name()));
        ExperimentDefinition.Guardrail guardrail = experiment.guardrail();
        List<ArmReport> reports = new ArrayList<>();
        for (ExperimentDefinition.Variant variant : experiment.variants()) {
            ArmStats arm = stats.getOrDefault(variant.name(), ArmStats.empty(variant.name()));
            Double guardValue = guardrail == null ? null : arm.guardrail(guardrail.metric());
            if (variant.control()) {
                reports.add(new ArmReport(variant.name(), true, arm.assignments(), arm.runs(), arm.trials(),
                        arm.successes(), arm.rate(), null, null, guardValue, null, false,
                        arm.trials() >= experiment.minSamples(), false, false, "control"));
                continue;
            }
            TwoProportionTest.Result test = TwoProportionTest.test(control.successes(), control.trials(),
                    arm.successes(), arm.trials());
            boolean enough = arm.trials() >= experiment.minSamples() && control.trials() >= experiment.minSamples();
            boolean significant = test.z() > 0 && test.pValue() < experiment.significance();
            Double limit = guardrail == null ? null : control.guardrail(guardrail.metric()) + guardrail.maxDelta();
            boolean blocked = guardrail != null && guardValue > limit;
            boolean eligible = enough && significant && !blocked;
            String verdict = !enough ? "collecting: fewer than " + experiment.minSamples() + " trials in an arm"
                    : !significant ? "not significant (p " + round(test.pValue()) + " ≥ " + experiment.significance()
                            + ")"
                    : blocked ? "blocked by guardrail " + guardrail.metric() + " (" + round(guardValue) + " > "
                            + round(limit) + ")"
                    : "beats the control";
            reports.add(new ArmReport(variant.name(), false, arm.assignments(), arm.runs(), arm.trials(),
                    arm.successes(), arm.rate(), test.z(), test.pValue(), guardValue, limit, blocked, enough,
                    significant, eligible, verdict));
        }
        ArmReport winner = reports.stream().filter(ArmReport::eligible)
                .min(Comparator.comparingDouble(ArmReport::pValue)
                        .thenComparing(Comparator.comparingDouble(ArmReport::rate).reversed())
                        .thenComparing(ArmReport::variant))
                .orElse(null);
        String reason = winner != null ? winner.variant() + " beats the control"
                : reports.stream().filter(r -> !r.control()).map(r -> r.variant() + ": " + r.verdict())
                        .reduce((a, b) -> a + "; " + b).orElse("no variant besides the control");
        return new Evaluation(reports, winner == null ? null : winner.variant(), reason);
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
