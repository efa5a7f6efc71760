package com.misybot.hub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/bench/bus}'s parameters: bad ones are the caller's mistake (400), refused before any send. */
class BusBenchTest {

    /** No Camel context, no codec: a refused run must not get as far as needing them. */
    private final BusBench bench = new BusBench(null, null, "bench-sink");

    @Test
    void should_refuse_an_unknown_step_as_a_bad_request() {
        assertThatThrownBy(() -> bench.run(10, 1024, 1, 64, null, null, "nope"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("step must be hub or one of", "'nope'");
                });
    }

    @Test
    void should_refuse_counts_out_of_range_naming_the_parameter() {
        assertThatThrownBy(() -> bench.run(0, 1024, 1, 64, null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("messages must be between 1 and");
        assertThatThrownBy(() -> bench.run(10, -1, 1, 64, null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("size must be between 1 and");
        assertThatThrownBy(() -> bench.run(10, 1024, 0, 64, null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("publishers must be between 1 and");
        assertThatThrownBy(() -> bench.run(10, 1024, 1, 0, null, null, "floor"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("window must be between 1 and");
        assertThatThrownBy(() -> bench.run(1_000_000, 1 << 20, 1, 64, null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("messages x size must stay within");
    }

    @Test
    void should_take_the_defaults_for_absent_parameters() {
        assertThat(BusBench.within("messages", null, 10_000, 1_000_000)).isEqualTo(10_000);
        assertThat(BusBench.within("window", 1, 64, 100_000)).isEqualTo(1);
        assertThat(BusBench.within("window", 100_000, 64, 100_000)).isEqualTo(100_000);
    }
}
