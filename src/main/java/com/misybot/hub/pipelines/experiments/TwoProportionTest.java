package com.misybot.hub.pipelines.experiments;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The one-sided two-proportion z-test (pooled variance): does the variant's rate beat the control's?
 * z = (p_v - p_c) / sqrt(p (1 - p) (1/n_c + 1/n_v)) with p = (x_c + x_v) / (n_c + n_v); p-value = 1 - Φ(z).
 */
public final class TwoProportionTest {

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    /** z and the one-sided p-value; z = 0 and p = 1 when there is nothing to compare (no trials, or no variance). */
    public record Result(double z, double pValue) {
    }

    private TwoProportionTest() {
    }

    public static Result test(long controlSuccesses, long controlTrials, long variantSuccesses, long variantTrials) {
        if (controlTrials <= 0 || variantTrials <= 0) {
            return new Result(0, 1);
        }
        double pc = controlSuccesses / (double) controlTrials;
        double pv = variantSuccesses / (double) variantTrials;
        double pooled = (controlSuccesses + variantSuccesses) / (double) (controlTrials + variantTrials);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlTrials + 1.0 / variantTrials));
        if (se == 0) {
            return new Result(0, 1);
        }
        double z = (pv - pc) / se;
        // upper tail computed directly: 1 - cdf(z) loses every digit once cdf(z) rounds to 1
        return new Result(z, STANDARD_NORMAL.cumulativeProbability(-z));
    }
}
