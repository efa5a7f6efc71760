package com.misybot.hub.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Weighted, deterministic assignment of sessions to variants. */
class VariantPickerTest {

    private static final List<ExperimentDefinition.Variant> VARIANTS = List.of(
            new ExperimentDefinition.Variant("control", 50, true, Map.of(), null),
            new ExperimentDefinition.Variant("bold", 30, false, Map.of(), null),
            new ExperimentDefinition.Variant("calm", 20, false, Map.of(), null));

    @Test
    void should_split_2000_sessions_within_3_percent_of_the_weights() {
        // given: 2,000 sessions of one experiment (ids as the hub makes them)
        String experiment = "6f1c2d3e-0000-4000-8000-000000000001";
        Map<String, Integer> counts = new HashMap<>();

        // when
        for (int i = 0; i < 2000; i++) {
            counts.merge(VariantPicker.pick(experiment, "s-" + new UUID(0x5eed, i), VARIANTS), 1, Integer::sum);
        }

        // then: each variant's share is its weight's share ± 3 percentage points
        assertThat(counts.get("control") / 2000.0).isBetween(0.47, 0.53);
        assertThat(counts.get("bold") / 2000.0).isBetween(0.27, 0.33);
        assertThat(counts.get("calm") / 2000.0).isBetween(0.17, 0.23);
    }

    @Test
    void should_split_within_3_percent_for_every_one_of_20_experiments() {
        // the split holds for any experiment id, not for one lucky seed
        for (int e = 0; e < 20; e++) {
            String experiment = UUID.nameUUIDFromBytes(("experiment-" + e).getBytes()).toString();
            int bold = 0;
            for (int i = 0; i < 2000; i++) {
                bold += VariantPicker.pick(experiment, "session-" + i, VARIANTS).equals("bold") ? 1 : 0;
            }
            assertThat(bold / 2000.0).as("experiment %d", e).isBetween(0.27, 0.33);
        }
    }

    @Test
    void should_pick_the_same_variant_for_the_same_session_every_time() {
        for (int i = 0; i < 200; i++) {
            String session = "s-" + i;
            String first = VariantPicker.pick("exp-1", session, VARIANTS);
            assertThat(VariantPicker.pick("exp-1", session, VARIANTS)).isEqualTo(first);
        }
    }

    @Test
    void should_move_some_sessions_when_weights_change_which_is_why_picks_are_stored() {
        // given: the same sessions under 50/30/20 and under 20/30/50
        List<ExperimentDefinition.Variant> reweighted = List.of(
                new ExperimentDefinition.Variant("control", 20, true, Map.of(), null),
                new ExperimentDefinition.Variant("bold", 30, false, Map.of(), null),
                new ExperimentDefinition.Variant("calm", 50, false, Map.of(), null));

        // when
        int moved = 0;
        for (int i = 0; i < 1000; i++) {
            moved += VariantPicker.pick("exp-2", "s-" + i, VARIANTS)
                    .equals(VariantPicker.pick("exp-2", "s-" + i, reweighted)) ? 0 : 1;
        }

        // then: a pure hash would move sessions; ExperimentAssignments stores the first pick (ExperimentsIT)
        assertThat(moved).isGreaterThan(100);
    }

    @Test
    void should_give_points_in_the_unit_interval() {
        for (int i = 0; i < 1000; i++) {
            assertThat(VariantPicker.unitPoint("k" + i)).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }
}
