package com.misybot.hub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.QueryParams;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/bench/bus}'s parameters: bad ones are the caller's mistake (400), refused before any send. */
class BusBenchTest {

    /** No Camel context, no codec: a refused run must not get as far as needing them. */
    private final BusBench bench = new BusBench(null, null, "bench-sink");

    @Test
    void should_refuse_an_unknown_step_as_a_bad_request() {
        assertThatThrownBy(() -> bench.run("10", "1024", "1", "64", null, null, "nope"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("step must be hub or one of", "'nope'");
                });
    }

    @Test
    void should_refuse_counts_out_of_range_naming_the_parameter() {
        assertThatThrownBy(() -> bench.run("0", "1024", "1", "64", null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("messages must be an integer from 1 to");
        assertThatThrownBy(() -> bench.run("10", "-1", "1", "64", null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("size must be an integer from 1 to");
        assertThatThrownBy(() -> bench.run("10", "1024", "0", "64", null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("publishers must be an integer from 1 to");
        assertThatThrownBy(() -> bench.run("10", "1024", "1", "0", null, null, "floor"))
                .isInstanceOf(ProblemException.class).hasMessageContaining("window must be an integer from 1 to");
        assertThatThrownBy(() -> bench.run("1000000", String.valueOf(1 << 20), "1", "64", null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("messages x size must stay within");
    }

    @Test
    void should_refuse_values_that_are_not_numbers_or_booleans_naming_the_parameter() {
        assertThatThrownBy(() -> bench.run("abc", "1024", "1", "64", null, null, null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("messages must be an integer from 1 to", "'abc'");
                });
        assertThatThrownBy(() -> bench.run("10", "1.5", "1", "64", null, null, null))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("size must be an integer from 1 to 1048576, not '1.5'");
        assertThatThrownBy(() -> bench.run("99999999999999999999", "1024", "1", "64", null, null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("messages must be an integer from 1 to");
        assertThatThrownBy(() -> bench.run("10", "1024", "1", "64", "yes", null, null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("phased must be true or false, not 'yes'");
        assertThatThrownBy(() -> bench.run(null, null, null, null, null, "1", null))
                .isInstanceOf(ProblemException.class).hasMessageContaining("drain must be true or false");
    }

    @Test
    void should_answer_409_to_a_drain_without_a_phased_run() {
        assertThatThrownBy(() -> bench.run(null, null, null, null, null, "true", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.CONFLICT);
                    assertThat(e.getMessage()).contains("No phased run to drain");
                });
    }

    @Test
    void should_take_the_defaults_for_absent_parameters() {
        assertThat(QueryParams.integer(null, "messages", 1, 1_000_000, 10_000)).isEqualTo(10_000);
        assertThat(QueryParams.integer(" ", "messages", 1, 1_000_000, 10_000)).isEqualTo(10_000);
        assertThat(QueryParams.integer("1", "window", 1, 100_000, 64)).isEqualTo(1);
        assertThat(QueryParams.integer("100000", "window", 1, 100_000, 64)).isEqualTo(100_000);
        assertThat(QueryParams.flag(null, "phased")).isFalse();
        assertThat(QueryParams.flag("TRUE", "phased")).isTrue();
    }
}
