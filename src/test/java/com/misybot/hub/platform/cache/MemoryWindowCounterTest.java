package com.misybot.hub.platform.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The in-memory window counter counts per window and does not keep expired one-off keys forever. */
class MemoryWindowCounterTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void should_count_within_a_window_and_start_again_after_it() {
        MovableClock clock = new MovableClock();
        MemoryWindowCounter counter = new MemoryWindowCounter(clock);
        assertThat(counter.increment("k", Duration.ofMinutes(1))).isEqualTo(1);
        assertThat(counter.increment("k", Duration.ofMinutes(1))).isEqualTo(2);
        clock.now = clock.now.plusSeconds(61);
        assertThat(counter.count("k")).isZero();
        assertThat(counter.increment("k", Duration.ofMinutes(1))).isEqualTo(1);
    }

    @Test
    void should_drop_expired_one_off_keys_when_they_are_never_read_again() {
        // given 10,000 keys incremented once each (login names tried once), their windows long over
        MovableClock clock = new MovableClock();
        MemoryWindowCounter counter = new MemoryWindowCounter(clock);
        for (int i = 0; i < 10_000; i++) {
            counter.increment("login:" + i, Duration.ofMinutes(15));
        }
        clock.now = clock.now.plus(Duration.ofMinutes(16));

        // when other keys keep being counted
        for (int i = 0; i < MemoryWindowCounter.SWEEP_EVERY; i++) {
            counter.increment("active:" + (i % 3), Duration.ofMinutes(15));
        }

        // then the expired keys are gone and the live ones kept
        assertThat(counter.size()).isLessThan(100);
        assertThat(counter.count("active:0")).isPositive();
    }
}
