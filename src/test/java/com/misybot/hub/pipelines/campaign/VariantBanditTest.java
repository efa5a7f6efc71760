package com.misybot.hub.pipelines.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.misybot.hub.pipelines.campaign.VariantBandit.Arm;
import com.misybot.hub.pipelines.campaign.VariantBandit.Choice;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Thompson sampling: input checks, posterior means, and a simulated campaign that must find the better variant. */
class VariantBanditTest {

    private static final int SEEDS = 50;
    private static final int PUBLICATIONS = 1000;

    private final VariantBandit bandit = new VariantBandit();

    @Test
    void should_refuse_when_the_list_of_arms_is_empty() {
        // given
        List<Arm> none = List.of();

        // when / then
        assertThatThrownBy(() -> bandit.choose(none, new Well19937c(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one arm");
        assertThatThrownBy(() -> bandit.probabilityBest(null, 10, new Well19937c(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one arm");
    }

    @Test
    void should_refuse_an_arm_when_its_counts_are_negative_or_successes_exceed_trials() {
        // when / then
        assertThatThrownBy(() -> new Arm("hook-a", -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hook-a")
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new Arm("hook-a", 10, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Arm("hook-a", 3, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("successes (5) exceed trials (3)");
        assertThatThrownBy(() -> new Arm(" ", 3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank name");
    }

    @Test
    void should_refuse_when_names_repeat_no_draw_is_asked_or_the_prior_is_not_positive() {
        // given
        List<Arm> duplicated = List.of(new Arm("cta-buy", 10, 1), new Arm("cta-buy", 20, 2));
        List<Arm> arms = List.of(new Arm("cta-buy", 10, 1));

        // when / then
        assertThatThrownBy(() -> bandit.choose(duplicated, new Well19937c(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cta-buy' appears more than once");
        assertThatThrownBy(() -> bandit.probabilityBest(arms, 0, new Well19937c(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one draw");
        assertThatThrownBy(() -> new VariantBandit(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite positive");
    }

    @Test
    void should_give_the_beta_1_1_posterior_mean_when_counts_are_known() {
        // given
        Arm fresh = new Arm("hour-18", 0, 0);
        Arm seen = new Arm("hour-20", 200, 10);

        // when
        Choice choice = bandit.choose(List.of(fresh, seen), new Well19937c(7));

        // then: (1 + successes) / (2 + trials)
        assertThat(bandit.posteriorMean(fresh)).isEqualTo(0.5);
        assertThat(bandit.posteriorMean(seen)).isCloseTo(11.0 / 202, within(1e-15));
        assertThat(choice.posteriorMeans())
                .containsExactly(Map.entry("hour-18", 0.5), Map.entry("hour-20", 11.0 / 202));
        assertThat(new VariantBandit(2, 8).posteriorMean(seen)).isCloseTo(12.0 / 210, within(1e-15));
    }

    @Test
    void should_choose_the_arm_with_the_highest_draw_and_report_every_draw() {
        // given
        List<Arm> arms = List.of(new Arm("hook-question", 500, 10), new Arm("hook-number", 500, 20),
                new Arm("hook-story", 0, 0));

        // when
        Choice choice = bandit.choose(arms, new Well19937c(42));

        // then
        assertThat(choice.draws().keySet()).containsExactly("hook-question", "hook-number", "hook-story");
        assertThat(choice.draws().values()).allSatisfy(d -> assertThat(d).isBetween(0.0, 1.0));
        double highest = choice.draws().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(choice.draws().get(choice.chosen().name())).isEqualTo(highest);
        assertThat(arms).contains(choice.chosen());
    }

    @Test
    void should_make_the_same_choices_when_the_rng_is_seeded_alike() {
        // given
        List<Arm> arms = List.of(new Arm("a", 40, 2), new Arm("b", 40, 3), new Arm("c", 40, 1));

        // when
        List<Choice> first = choices(arms, new Well19937c(2026));
        List<Choice> second = choices(arms, new Well19937c(2026));

        // then
        assertThat(second).isEqualTo(first);
        assertThat(first.stream().map(c -> c.chosen().name()).distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void should_estimate_probability_best_when_one_arm_is_clearly_better_or_both_are_alike() {
        // given: 2 % vs 4 % over 1,000 views each, z = 0.02 / sqrt(.02*.98/1000 + .04*.96/1000) = 2.6, so P = 0.995
        List<Arm> clear = List.of(new Arm("two-percent", 1000, 20), new Arm("four-percent", 1000, 40));
        List<Arm> alike = List.of(new Arm("left", 1000, 30), new Arm("right", 1000, 30));

        // when
        Map<String, Double> clearBest = bandit.probabilityBest(clear, 20_000, new Well19937c(3));
        Map<String, Double> alikeBest = bandit.probabilityBest(alike, 20_000, new Well19937c(3));

        // then
        assertThat(clearBest.get("four-percent")).isCloseTo(0.995, within(0.005));
        assertThat(clearBest.get("two-percent") + clearBest.get("four-percent")).isCloseTo(1.0, within(1e-12));
        assertThat(alikeBest.get("left")).isCloseTo(0.5, within(0.02));
        assertThat(bandit.probabilityBest(clear, 20_000, new Well19937c(3))).isEqualTo(clearBest);
    }

    /*
     * The simulated campaign: variants with true click rates of 2 % and 4 %, 1,000 publications, 200 views each (a
     * small organic post), clicks ~ Binomial(200, p). Seeds 1..50, bandit rng Well19937c(seed), audience rng
     * Well19937c(1,000,000 + seed). Share of the traffic that went to the 4 % variant, measured with this very setup:
     *   200 views per publication: min 0.991, median 0.996, max 0.999 (over seeds 1..1000: min 0.971, none below 0.80)
     *   1 view per publication:    min 0.197, median 0.810, max 0.921 (23 of 50 seeds below 0.80; over seeds 1..1000
     *                              the 5th percentile is 0.433: 1,000 single views hold ~35 clicks, too few to
     *                              always separate 2 % from 4 %, and an early unlucky streak can lock in the worse one)
     */

    @Test
    void should_send_at_least_80_percent_of_the_traffic_to_the_better_variant_when_each_post_gets_200_views() {
        // given / when
        List<Double> shares = LongStream.rangeClosed(1, SEEDS).mapToObj(seed -> betterShare(seed, 200)).toList();

        // then: every seed, not a tuned one
        assertThat(shares).allSatisfy(share -> assertThat(share).isGreaterThanOrEqualTo(0.80));
        assertThat(median(shares)).isGreaterThan(0.95);
    }

    @Test
    void should_still_favour_the_better_variant_on_a_typical_run_when_each_post_gets_a_single_view() {
        // given / when
        List<Double> shares = LongStream.rangeClosed(1, SEEDS).mapToObj(seed -> betterShare(seed, 1)).toList();

        // then: for information only; single views cannot guarantee 80 % on every seed (see the figures above)
        assertThat(median(shares)).isGreaterThan(0.5);
    }

    /** Share of the publications the bandit gave to the 4 % variant in one simulated campaign. */
    private double betterShare(long seed, int viewsPerPublication) {
        RandomGenerator agent = new Well19937c(seed);
        RandomGenerator audience = new Well19937c(1_000_000 + seed);
        double[] rates = {0.02, 0.04};
        long[] views = new long[2];
        long[] clicks = new long[2];
        int toBetter = 0;
        for (int p = 0; p < PUBLICATIONS; p++) {
            List<Arm> arms = List.of(new Arm("variant-2pct", views[0], clicks[0]),
                    new Arm("variant-4pct", views[1], clicks[1]));
            int k = bandit.choose(arms, agent).chosen().name().equals("variant-2pct") ? 0 : 1;
            views[k] += viewsPerPublication;
            clicks[k] += new BinomialDistribution(audience, viewsPerPublication, rates[k]).sample();
            toBetter += k;
        }
        return (double) toBetter / PUBLICATIONS;
    }

    private List<Choice> choices(List<Arm> arms, RandomGenerator rng) {
        return LongStream.range(0, 20).mapToObj(i -> bandit.choose(arms, rng)).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return (sorted.get((n - 1) / 2) + sorted.get(n / 2)) / 2;
    }
}
