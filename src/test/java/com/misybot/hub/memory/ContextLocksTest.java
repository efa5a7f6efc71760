package com.misybot.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.cache.MemoryKeyLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ContextLocksTest {

    private final ContextProperties properties = new ContextProperties(Duration.ofMinutes(10), DataSize.ofKilobytes(8),
            "hub:context:", Duration.ofSeconds(10), Duration.ofMillis(200));

    @Test
    void should_refuse_with_503_after_the_bounded_wait_when_another_writer_holds_the_lock() {
        // given
        ContextLocks locks = new ContextLocks(new MemoryKeyLock(Clock.systemUTC()), properties);
        locks.acquire("s-1");

        // when
        long started = System.nanoTime();
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> locks.acquire("s-1"));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        // then
        assertThat(refused).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) refused).type()).isEqualTo(ProblemType.UNAVAILABLE);
        assertThat(((ProblemException) refused).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void should_hand_the_lock_to_the_next_writer_when_the_owner_releases_it() {
        // given
        ContextLocks locks = new ContextLocks(new MemoryKeyLock(Clock.systemUTC()), properties);
        String first = locks.acquire("s-2");

        // when
        locks.release("s-2", first);
        String second = locks.acquire("s-2");

        // then
        assertThat(second).isNotBlank().isNotEqualTo(first);
    }

    @Test
    void should_keep_the_lock_when_a_stale_token_releases_it() {
        // given: the first owner's lease ran out and a second writer took the lock
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        MemoryKeyLock lock = new MemoryKeyLock(clock);
        assertThat(lock.tryLock("k", "first", Duration.ofSeconds(10))).isTrue();
        now.set(now.get().plusSeconds(11));
        assertThat(lock.tryLock("k", "second", Duration.ofSeconds(10))).isTrue();

        // when
        boolean releasedByStaleOwner = lock.unlock("k", "first");

        // then
        assertThat(releasedByStaleOwner).isFalse();
        assertThat(lock.tryLock("k", "third", Duration.ofSeconds(10))).isFalse();
        assertThat(lock.unlock("k", "second")).isTrue();
        assertThat(lock.tryLock("k", "third", Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void should_refuse_with_400_when_session_id_is_not_a_valid_key() {
        // given
        ContextLocks locks = new ContextLocks(new MemoryKeyLock(Clock.systemUTC()), properties);

        // when / then
        assertThatThrownBy(() -> locks.acquire("a b*"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.BAD_REQUEST));
    }
}
