package com.misybot.hub.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/** The one-sided two-proportion z-test, by hand and against Commons Math's chi-square test of the same 2×2 table. */
class TwoProportionStatisticsTest {

    @Test
    void should_match_the_hand_computed_z_and_p_when_the_variant_converts_better() {
        // given: control 100/1000 (10 %), variant 130/1000 (13 %): pooled 0.115, se = sqrt(0.115·0.885·0.002)

        // when
        TwoProportionTest.Result result = TwoProportionTest.test(100, 1000, 130, 1000);

        // then
        double se = Math.sqrt(0.115 * 0.885 * 0.002);
        assertThat(result.z()).isCloseTo(0.03 / se, within(1e-12));
        assertThat(result.z()).isCloseTo(2.1027, within(1e-4));
        assertThat(result.pValue()).isCloseTo(0.01774, within(1e-5));
    }

    @Test
    void should_agree_with_the_chi_square_test_when_tables_are_seeded() {
        // given: 500 random 2x2 tables (seed 20261128); chi² of a 2x2 table without continuity correction is z²
        Random random = new Random(20261128L);
        ChiSquareTest chiSquare = new ChiSquareTest();
        for (int i = 0; i < 500; i++) {
            long n0 = 20 + random.nextInt(5000);
            long n1 = 20 + random.nextInt(5000);
            long x0 = 1 + random.nextInt((int) n0 - 1);
            long x1 = 1 + random.nextInt((int) n1 - 1);
            long[][] table = {{x0, n0 - x0}, {x1, n1 - x1}};

            // when
            TwoProportionTest.Result result = TwoProportionTest.test(x0, n0, x1, n1);

            // then: z² = χ², and the one-sided p is half the two-sided one on the side the variant leans to
            double chi2 = chiSquare.chiSquare(table);
            double twoSided = chiSquare.chiSquareTest(table);
            assertThat(result.z() * result.z()).as("table %d", i).isCloseTo(chi2, within(1e-9 * Math.max(1, chi2)));
            double expected = result.z() >= 0 ? twoSided / 2 : 1 - twoSided / 2;
            assertThat(result.pValue()).as("table %d", i).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void should_answer_p_one_when_an_arm_has_no_trials_or_no_variance() {
        assertThat(TwoProportionTest.test(0, 0, 5, 10).pValue()).isEqualTo(1.0);
        assertThat(TwoProportionTest.test(3, 10, 0, 0).pValue()).isEqualTo(1.0);
        assertThat(TwoProportionTest.test(0, 100, 0, 100).pValue()).isEqualTo(1.0);
        assertThat(TwoProportionTest.test(100, 100, 100, 100).z()).isZero();
    }

    @Test
    void should_keep_digits_of_a_tiny_p_value_when_z_is_large() {
        // when: 10 % against 30 % over 10,000 views each (z ≈ 35)
        TwoProportionTest.Result result = TwoProportionTest.test(1000, 10_000, 3000, 10_000);

        // then: the upper tail is computed directly, not as 1 − Φ(z) (which would be exactly 0)
        assertThat(result.z()).isGreaterThan(30);
        assertThat(result.pValue()).isPositive().isLessThan(1e-200);
    }
}
