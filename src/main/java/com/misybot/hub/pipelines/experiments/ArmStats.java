package com.misybot.hub.pipelines.experiments;

/**
 * What one variant has collected: sessions assigned, runs, the metric's trials (views) and successes (clicks, or
 * likes + shares), and the guardrails' counts (runs that ended, those that failed; runs the policy gate judged,
 * those it sent to REVIEW).
 */
public record ArmStats(String variant, long assignments, long runs, long trials, long successes, long finishedRuns,
                       long failedRuns, long policyRuns, long reviewRuns) {

    public static ArmStats empty(String variant) {
        return new ArmStats(variant, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public double rate() {
        return trials == 0 ? 0 : successes / (double) trials;
    }

    public double errorRate() {
        return finishedRuns == 0 ? 0 : failedRuns / (double) finishedRuns;
    }

    public double reviewRate() {
        return policyRuns == 0 ? 0 : reviewRuns / (double) policyRuns;
    }

    public double guardrail(String metric) {
        return ExperimentDefinition.REVIEW_RATE.equals(metric) ? reviewRate() : errorRate();
    }
}
