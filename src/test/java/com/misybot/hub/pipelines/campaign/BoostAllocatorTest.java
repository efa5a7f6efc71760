package com.misybot.hub.pipelines.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.pipelines.campaign.BoostAllocator.Allocation;
import com.misybot.hub.pipelines.campaign.BoostAllocator.Request;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** The boost split against hand-computed cases, and its invariants over 10,000 generated requests. */
class BoostAllocatorTest {

    private static final List<String> PLATFORMS = List.of("facebook", "instagram", "linkedin", "tiktok", "youtube");

    @Test
    void should_split_in_proportion_to_weights_when_no_cap_or_budget_binds() {
        // given: 100.00 requested, tiktok weighs twice the others
        Request request = new Request(1_000_000, 0, Map.of(),
                Map.of("tiktok", 50_000L, "instagram", 50_000L, "youtube", 50_000L), 10_000,
                Map.of("tiktok", 0.04, "instagram", 0.02, "youtube", 0.02));

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then: sorted by platform name
        assertThat(allocations).extracting(Allocation::platform).containsExactly("instagram", "tiktok", "youtube");
        assertThat(allocations).extracting(Allocation::amountCents).containsExactly(2_500L, 5_000L, 2_500L);
        assertThat(allocations.get(1).reason()).isEqualTo("weight 0.0400 of 0.0800 (50.0 %)");
    }

    @Test
    void should_give_leftover_cents_to_the_largest_remainders_then_by_name_when_the_split_is_not_whole() {
        // given
        Map<String, Long> caps = Map.of("a", 1_000L, "b", 1_000L, "c", 1_000L);

        // when
        List<Allocation> equal = BoostAllocator.allocate(new Request(10_000, 0, Map.of(), caps, 100,
                Map.of("a", 1.0, "b", 1.0, "c", 1.0)));
        List<Allocation> uneven = BoostAllocator.allocate(new Request(10_000, 0, Map.of(), caps, 101,
                Map.of("a", 0.2, "b", 0.3, "c", 0.5)));

        // then: 33.33 each, one cent left goes to "a"; 20.2 / 30.3 / 50.5, one cent left goes to c's .5
        assertThat(equal).extracting(Allocation::amountCents).containsExactly(34L, 33L, 33L);
        assertThat(uneven).extracting(Allocation::amountCents).containsExactly(20L, 30L, 51L);
    }

    @Test
    void should_give_what_a_capped_platform_cannot_take_to_the_others_by_weight_when_a_cap_binds() {
        // given: tiktok's share would be 5000 but it already spent 2000 of its 5000 daily cap
        Request request = new Request(1_000_000, 40_000, Map.of("tiktok", 2_000L),
                Map.of("tiktok", 5_000L, "instagram", 10_000L, "youtube", 10_000L), 10_000,
                Map.of("tiktok", 0.5, "instagram", 0.25, "youtube", 0.25));

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then: tiktok 3000, the 2000 it frees split 1000 / 1000
        assertThat(allocations).extracting(Allocation::amountCents).containsExactly(3_500L, 3_000L, 3_500L);
        assertThat(allocations.get(1).reason())
                .isEqualTo("capped at the daily cap of 5000 for tiktok (2000 spent today)");
        assertThat(allocations.get(0).reason()).endsWith("plus what capped platforms could not take");
    }

    @Test
    void should_keep_redistributing_when_the_freed_money_hits_another_cap() {
        // given: as above, but youtube can only take 3200 today
        Request request = new Request(1_000_000, 0, Map.of("tiktok", 2_000L),
                Map.of("tiktok", 5_000L, "instagram", 10_000L, "youtube", 3_200L), 10_000,
                Map.of("tiktok", 0.5, "instagram", 0.25, "youtube", 0.25));

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then: round 1 tiktok capped at 3000 (2500/2500 to the others), round 2 youtube capped at 3200 (+700),
        // round 3 instagram takes the last 300
        assertThat(allocations).extracting(Allocation::amountCents).containsExactly(3_800L, 3_000L, 3_200L);
        assertThat(allocations.get(2).reason()).isEqualTo("capped at the daily cap of 3200 for youtube");
    }

    @Test
    void should_place_only_what_the_campaign_has_left_when_the_budget_is_nearly_spent() {
        // given: 1000.00 budget, 988.00 spent, 50.00 requested
        Request request = new Request(100_000, 98_800, Map.of(), Map.of("tiktok", 5_000L, "instagram", 5_000L), 5_000,
                Map.of("tiktok", 0.03, "instagram", 0.03));

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then
        assertThat(allocations).extracting(Allocation::amountCents).containsExactly(600L, 600L);
        assertThat(allocations).allSatisfy(a -> assertThat(a.reason()).endsWith("; campaign budget left 1200"));
        List<Allocation> exhausted = BoostAllocator.allocate(new Request(100_000, 100_500, Map.of(),
                Map.of("tiktok", 5_000L), 5_000, Map.of("tiktok", 0.03)));
        assertThat(exhausted).containsExactly(new Allocation("tiktok", 0, "campaign budget left 0"));
    }

    @Test
    void should_give_nothing_to_a_platform_when_it_has_no_daily_cap() {
        // given: x has the best weight but no cap
        Request request = new Request(1_000_000, 0, Map.of(), Map.of("tiktok", 5_000L), 2_000,
                Map.of("tiktok", 0.02, "x", 0.09));

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then
        assertThat(allocations).containsExactly(
                new Allocation("tiktok", 2_000, "weight 0.0200 of 0.0200 (100.0 %)"),
                new Allocation("x", 0, "no daily cap for x"));
    }

    @Test
    void should_give_nothing_to_zero_weights_and_nothing_at_all_when_every_weight_is_zero() {
        // given: a zero weight means "do not boost", so all zeros spend nothing rather than split evenly
        Map<String, Long> caps = Map.of("tiktok", 5_000L, "instagram", 5_000L);

        // when
        List<Allocation> oneZero = BoostAllocator.allocate(new Request(1_000_000, 0, Map.of(), caps, 2_000,
                Map.of("tiktok", 0.0, "instagram", 0.01)));
        List<Allocation> allZero = BoostAllocator.allocate(new Request(1_000_000, 0, Map.of(), caps, 2_000,
                Map.of("tiktok", 0.0, "instagram", 0.0)));

        // then
        assertThat(oneZero).extracting(Allocation::amountCents).containsExactly(2_000L, 0L);
        assertThat(oneZero.get(1).reason()).isEqualTo("weight 0 for tiktok");
        assertThat(allZero).extracting(Allocation::amountCents).containsExactly(0L, 0L);
    }

    @Test
    void should_leave_money_unplaced_when_every_platform_is_at_its_cap() {
        // given: instagram already hit its cap today
        Request request = new Request(1_000_000, 0, Map.of("instagram", 6_000L),
                Map.of("tiktok", 1_000L, "instagram", 5_000L), 5_000, Map.of("tiktok", 0.5, "instagram", 0.5));

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then
        assertThat(allocations).containsExactly(
                new Allocation("instagram", 0, "daily cap of 5000 for instagram already reached (6000 spent today)"),
                new Allocation("tiktok", 1_000, "capped at the daily cap of 1000 for tiktok"));
    }

    @Test
    void should_refuse_a_request_when_an_amount_is_negative_or_a_weight_is_not_a_number() {
        // when / then
        assertThatThrownBy(() -> new Request(1_000, 0, Map.of(), Map.of(), -1, Map.of("tiktok", 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requested amount must not be negative, got -1");
        assertThatThrownBy(() -> new Request(1_000, 0, Map.of(), Map.of("tiktok", -5L), 10, Map.of("tiktok", 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("daily cap of tiktok");
        assertThatThrownBy(() -> new Request(1_000, 0, Map.of(), Map.of(), 10, Map.of("tiktok", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weight of tiktok");
        assertThatThrownBy(() -> new Request(1_000, 0, Map.of(), Map.of(), 10, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one platform");
    }

    @Property(tries = 10_000)
    void should_never_go_negative_above_a_cap_the_budget_or_the_request_and_place_all_it_can(
            @ForAll("requests") Request request) {
        // given
        long budgetLeft = Math.max(0, request.totalBudgetCents() - request.spentTotalCents());
        long pot = Math.min(request.requestedCents(), budgetLeft);

        // when
        List<Allocation> allocations = BoostAllocator.allocate(request);

        // then: one allocation per weighted platform, by name, deterministic
        assertThat(allocations).extracting(Allocation::platform)
                .containsExactlyElementsOf(request.weights().keySet().stream().sorted().toList());
        assertThat(BoostAllocator.allocate(request)).isEqualTo(allocations);
        long sum = 0;
        boolean allAtCap = true;
        for (Allocation a : allocations) {
            long headroom = headroom(request, a.platform());
            assertThat(a.amountCents()).isBetween(0L, headroom);
            assertThat(a.reason()).isNotBlank();
            if (request.weights().get(a.platform()) == 0) {
                assertThat(a.amountCents()).isZero();
            } else if (a.amountCents() < headroom) {
                allAtCap = false;
            }
            sum += a.amountCents();
        }
        assertThat(sum).isLessThanOrEqualTo(request.requestedCents()).isLessThanOrEqualTo(budgetLeft);
        // nothing more could be placed: either the whole pot went out or every weighted platform is full
        assertThat(sum == pot || allAtCap).as("placed %d of %d with room left", sum, pot).isTrue();
        assertProportionalBelowCaps(request, allocations);
    }

    /**
     * Platforms that ended below their cap took part in every round, so their amounts follow their weights within
     * one cent per round (at most n + 1 rounds) for their own share and as much again through the total.
     */
    private static void assertProportionalBelowCaps(Request request, List<Allocation> allocations) {
        List<Allocation> below = allocations.stream()
                .filter(a -> request.weights().get(a.platform()) > 0
                        && a.amountCents() < headroom(request, a.platform()))
                .toList();
        double weight = below.stream().mapToDouble(a -> request.weights().get(a.platform())).sum();
        long total = below.stream().mapToLong(Allocation::amountCents).sum();
        double tolerance = 2.0 * (allocations.size() + 1);
        for (Allocation a : below) {
            double expected = total * request.weights().get(a.platform()) / weight;
            assertThat(Math.abs(a.amountCents() - expected)).as("%s in %s", a, allocations)
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    private static long headroom(Request request, String platform) {
        Long cap = request.dailyCapCents().get(platform);
        return cap == null ? 0 : Math.max(0, cap - request.spentTodayCents().getOrDefault(platform, 0L));
    }

    /** One platform's setup in a generated request. */
    record Setup(boolean considered, double weight, Long cap, long spentToday) {
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Double> weights = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0.0)),
                Tuple.of(2, Arbitraries.of(0.25, 0.5, 1.0)),
                Tuple.of(5, Arbitraries.doubles().between(0.0001, 0.2).ofScale(6)),
                Tuple.of(1, Arbitraries.doubles().between(1e-9, 1e6).ofScale(9)));
        Arbitrary<Setup> setups = Combinators.combine(Arbitraries.of(true, true, false), weights,
                Arbitraries.longs().between(0, 100_000).injectNull(0.2), Arbitraries.longs().between(0, 120_000))
                .as(Setup::new);
        Arbitrary<List<Setup>> platforms = setups.list().ofSize(PLATFORMS.size())
                .filter(list -> list.stream().anyMatch(Setup::considered));
        Arbitrary<Long> requested = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(0, 1_000)),
                Tuple.of(7, Arbitraries.longs().between(0, 500_000)));
        return Combinators.combine(platforms, Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.longs().between(0, 1_100_000), requested)
                .as((list, budget, spent, request) -> {
                    Map<String, Double> weight = new HashMap<>();
                    Map<String, Long> caps = new HashMap<>();
                    Map<String, Long> spentToday = new HashMap<>();
                    for (int i = 0; i < PLATFORMS.size(); i++) {
                        Setup setup = list.get(i);
                        // an unconsidered platform may still have a cap and spending: they must be ignored
                        if (setup.considered()) {
                            weight.put(PLATFORMS.get(i), setup.weight());
                        }
                        if (setup.cap() != null) {
                            caps.put(PLATFORMS.get(i), setup.cap());
                        }
                        spentToday.put(PLATFORMS.get(i), setup.spentToday());
                    }
                    return new Request(budget, spent, spentToday, caps, request, weight);
                });
    }
}
