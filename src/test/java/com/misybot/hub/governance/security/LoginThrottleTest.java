package com.misybot.hub.governance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.HubProperties;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.cache.MemoryWindowCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

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

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(new MemoryWindowCounter(clock), new HubProperties(null,
            null, null, new HubProperties.Security(null, new HubProperties.Login(2, 3, Duration.ofMinutes(5)), null),
            null, null));

    @Test
    void should_lock_username_after_max_failures_until_window_ends() {
        throttle.failed("Alice", "10.0.0.1");
        throttle.failed("alice", "10.0.0.2");

        assertThatThrownBy(() -> throttle.check("ALICE", "10.0.0.3"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5));
                });
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThatCode(() -> throttle.check("alice", "10.0.0.3")).doesNotThrowAnyException();
    }

    @Test
    void should_lock_ip_after_failures_across_usernames() {
        throttle.failed("a", "10.9.9.9");
        throttle.failed("b", "10.9.9.9");
        throttle.failed("c", "10.9.9.9");

        assertThatThrownBy(() -> throttle.check("d", "10.9.9.9")).isInstanceOf(ProblemException.class);
        assertThatCode(() -> throttle.check("d", "10.9.9.8")).doesNotThrowAnyException();
    }

    @Test
    void should_forget_username_failures_after_success() {
        throttle.failed("bob", "10.0.0.1");
        throttle.succeeded("bob");
        throttle.failed("bob", "10.0.0.1");

        assertThatCode(() -> throttle.check("bob", "10.0.0.5")).doesNotThrowAnyException();
    }
}
