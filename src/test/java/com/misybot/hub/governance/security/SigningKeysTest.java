package com.misybot.hub.governance.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Key lookup by kid: decoded once, and unknown kids cannot turn every request into a database read. */
class SigningKeysTest {

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final List<RSAKey> stored = new ArrayList<>(List.of(SigningKeys.generate()));
    private final AtomicInteger reads = new AtomicInteger();
    private final SigningKeys keys = new SigningKeys(active(stored), () -> {
        reads.incrementAndGet();
        return active(stored);
    }, clock);

    private static List<SigningKeys.Stored> active(List<RSAKey> keys) {
        return keys.stream().map(k -> new SigningKeys.Stored(k, Instant.EPOCH)).toList();
    }

    @Test
    void should_return_the_public_key_of_a_known_kid_without_reading_again() throws Exception {
        RSAKey key = stored.get(0);

        assertThat(keys.verificationKey(key.getKeyID())).isEqualTo(key.toRSAPublicKey());
        assertThat(reads).hasValue(0);
    }

    @Test
    void should_read_at_most_once_per_interval_for_unknown_kids() {
        for (int i = 0; i < 100; i++) {
            assertThat(keys.verificationKey("forged-" + i)).isNull();
        }
        assertThat(reads).as("within the first interval").hasValue(0);

        clock.now = clock.now.plus(SigningKeys.MIN_RELOAD_INTERVAL).plus(Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            keys.verificationKey("forged-" + i);
        }
        assertThat(reads).as("one re-read after the interval").hasValue(1);
    }

    @Test
    void should_find_a_key_another_replica_created_once_the_interval_has_passed() throws Exception {
        RSAKey rotated = SigningKeys.generate();
        stored.add(0, rotated);
        clock.now = clock.now.plus(SigningKeys.MIN_RELOAD_INTERVAL).plus(Duration.ofSeconds(1));

        assertThat(keys.verificationKey(rotated.getKeyID())).isEqualTo(rotated.toRSAPublicKey());
        assertThat(keys.current().getKeyID()).isEqualTo(rotated.getKeyID());
    }
}
