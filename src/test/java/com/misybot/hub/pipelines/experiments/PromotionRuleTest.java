package com.misybot.hub.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/** When a variant is promoted: at the significance and sample-size boundaries, with guardrails, with seeded data. */
class PromotionRuleTest {

    private static final ExperimentDefinition.Variant CONTROL =
            new ExperimentDefinition.Variant("control", 1, true, Map.of("tone", "neutral"), null);
    private static final ExperimentDefinition.Variant BOLD =
            new ExperimentDefinition.Variant("bold", 1, false, Map.of("tone", "bold"), null);

    @Test
    void should_promote_exactly_when_p_is_below_the_significance() {
        // given: 100/1000 against 130/1000, p ≈ 0.01774
        Map<String, ArmStats> stats = Map.of("control", arm("control", 1000, 100), "bold", arm("bold", 1000, 130));
        double p = TwoProportionTest.test(100, 1000, 130, 1000).pValue();

        // when / then: alpha just above p promotes; alpha equal to p does not (p < alpha is strict)
        assertThat(PromotionRule.evaluate(experiment(Math.nextUp(p), 1000, null), stats).winner()).isEqualTo("bold");
        assertThat(PromotionRule.evaluate(experiment(p, 1000, null), stats).winner()).isNull();
        assertThat(PromotionRule.evaluate(experiment(0.01, 1000, null), stats).winner()).isNull();
        assertThat(PromotionRule.evaluate(experiment(0.05, 1000, null), stats).winner()).isEqualTo("bold");
    }

    @Test
    void should_wait_for_min_samples_in_both_arms_when_the_difference_is_already_significant() {
        // given: a clear difference (p ≈ 0.018) with 1000 views per arm
        Map<String, ArmStats> stats = Map.of("control", arm("control", 1000, 100), "bold", arm("bold", 1000, 130));

        // when / then: minSamples 1000 is enough, 1001 is not
        assertThat(PromotionRule.evaluate(experiment(0.05, 1000, null), stats).winner()).isEqualTo("bold");
        PromotionRule.Evaluation waiting = PromotionRule.evaluate(experiment(0.05, 1001, null), stats);
        assertThat(waiting.winner()).isNull();
        assertThat(waiting.variants().get(1).verdict()).startsWith("collecting");

        // and the control's trials count too
        Map<String, ArmStats> thinControl = Map.of("control", arm("control", 999, 90), "bold", arm("bold", 5000, 900));
        assertThat(PromotionRule.evaluate(experiment(0.05, 1000, null), thinControl).winner()).isNull();
    }

    @Test
    void should_block_the_promotion_when_the_guardrail_exceeds_the_control_by_more_than_max_delta() {
        // given: bold wins on ctr but fails 3 of 10 runs, the control 1 of 10
        Map<String, ArmStats> stats = Map.of(
                "control", new ArmStats("control", 10, 10, 1000, 100, 10, 1, 10, 0),
                "bold", new ArmStats("bold", 10, 10, 1000, 130, 10, 3, 10, 0));

        // when
        PromotionRule.Evaluation strict = PromotionRule.evaluate(experiment(0.05, 1000,
                new ExperimentDefinition.Guardrail(ExperimentDefinition.ERROR_RATE, 0.1)), stats);
        PromotionRule.Evaluation lenient = PromotionRule.evaluate(experiment(0.05, 1000,
                new ExperimentDefinition.Guardrail(ExperimentDefinition.ERROR_RATE, 0.25)), stats);

        // then: 0.3 > 0.1 + 0.1 blocks (and says so); 0.3 ≤ 0.1 + 0.25 lets it through
        assertThat(strict.winner()).isNull();
        PromotionRule.ArmReport bold = strict.variants().get(1);
        assertThat(bold.significant()).isTrue();
        assertThat(bold.guardrailBlocked()).isTrue();
        assertThat(bold.guardrailValue()).isEqualTo(0.3);
        assertThat(bold.guardrailLimit()).isCloseTo(0.2, within(1e-12));
        assertThat(bold.verdict()).startsWith("blocked by guardrail errorRate");
        assertThat(lenient.winner()).isEqualTo("bold");
    }

    @Test
    void should_block_on_the_review_rate_when_that_is_the_guardrail() {
        // given: the policy gate sends 5 of 10 bold runs to REVIEW, 1 of 10 of the control's
        Map<String, ArmStats> stats = Map.of(
                "control", new ArmStats("control", 10, 10, 1000, 100, 10, 0, 10, 1),
                "bold", new ArmStats("bold", 10, 10, 1000, 130, 10, 0, 10, 5));

        // when
        PromotionRule.Evaluation evaluation = PromotionRule.evaluate(experiment(0.05, 1000,
                new ExperimentDefinition.Guardrail(ExperimentDefinition.REVIEW_RATE, 0.2)), stats);

        // then
        assertThat(evaluation.winner()).isNull();
        assertThat(evaluation.variants().get(1).guardrailValue()).isEqualTo(0.5);
    }

    @Test
    void should_not_promote_a_variant_that_is_worse_than_the_control() {
        Map<String, ArmStats> stats = Map.of("control", arm("control", 1000, 130), "bold", arm("bold", 1000, 100));
        PromotionRule.Evaluation evaluation = PromotionRule.evaluate(experiment(0.5, 1, null), stats);
        assertThat(evaluation.winner()).isNull();
        assertThat(evaluation.variants().get(1).z()).isNegative();
    }

    @Test
    void should_promote_the_variant_with_the_smallest_p_when_several_beat_the_control() {
        ExperimentDefinition.Variant calm = new ExperimentDefinition.Variant("calm", 1, false, Map.of(), null);
        ExperimentDefinition three = new ExperimentDefinition("t", "viralization", "ctr", null, 100, 0.05,
                List.of(CONTROL, calm, BOLD));
        Map<String, ArmStats> stats = Map.of("control", arm("control", 1000, 100), "calm", arm("calm", 1000, 130),
                "bold", arm("bold", 1000, 160));
        assertThat(PromotionRule.evaluate(three, stats).winner()).isEqualTo("bold");
    }

    @Test
    void should_decide_as_the_chi_square_test_does_on_seeded_outcomes() {
        // given: 1,000 seeded experiments around the boundary (control 10 %, variant 8..14 %, 200..3000 views)
        Random random = new Random(7L);
        ChiSquareTest chiSquare = new ChiSquareTest();
        int promoted = 0;
        for (int i = 0; i < 1000; i++) {
            long n0 = 200 + random.nextInt(2800);
            long n1 = 200 + random.nextInt(2800);
            long x0 = binomial(random, n0, 0.10);
            long x1 = binomial(random, n1, 0.08 + random.nextDouble() * 0.06);
            long minSamples = 200 + random.nextInt(2800);
            double alpha = 0.01 + random.nextDouble() * 0.09;
            Map<String, ArmStats> stats = Map.of("control", arm("control", n0, x0), "bold", arm("bold", n1, x1));

            // when
            String winner = PromotionRule.evaluate(experiment(alpha, minSamples, null), stats).winner();

            // then: promoted iff both arms have minSamples, the variant leads and χ²'s p / 2 < alpha
            double oneSided = chiSquare.chiSquareTest(new long[][] {{x0, n0 - x0}, {x1, n1 - x1}}) / 2;
            boolean leads = x1 / (double) n1 > x0 / (double) n0;
            boolean expected = n0 >= minSamples && n1 >= minSamples && leads && oneSided < alpha;
            assertThat(winner != null).as("experiment %d: %d/%d vs %d/%d, alpha %s, min %d, p %s", i, x0, n0, x1,
                    n1, alpha, minSamples, oneSided).isEqualTo(expected);
            promoted += expected ? 1 : 0;
        }
        // the seeded data covers both outcomes
        assertThat(promoted).isBetween(50, 950);
    }

    private static ExperimentDefinition experiment(double alpha, long minSamples,
                                                   ExperimentDefinition.Guardrail guardrail) {
        return new ExperimentDefinition("e", "viralization", "ctr", guardrail, minSamples, alpha,
                List.of(CONTROL, BOLD));
    }

    private static ArmStats arm(String name, long trials, long successes) {
        return new ArmStats(name, 0, 0, trials, successes, 0, 0, 0, 0);
    }

    private static long binomial(Random random, long n, double p) {
        long x = 0;
        for (long i = 0; i < n; i++) {
            x += random.nextDouble() < p ? 1 : 0;
        }
        return x;
    }
}
