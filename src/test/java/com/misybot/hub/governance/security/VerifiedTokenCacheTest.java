package com.misybot.hub.governance.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The verified-token cache of the built-in issuer (real RS256 keys, the hub's real decoder): a token is verified
 * once, and refused at once when it expires or its signing key retires, however often it was seen before.
 */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "misybot-hub";

    private final SigningKeysTest.MovableClock clock = new SigningKeysTest.MovableClock();
    private final List<RSAKey> stored = new ArrayList<>(List.of(SigningKeys.generate()));
    private final SigningKeys keys = new SigningKeys(active(), this::active, clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JwtDecoder decoder = JwtConfiguration.builtIn(keys, ISSUER, clock, 100, meters);

    private List<SigningKeys.Stored> active() {
        return stored.stream().map(k -> new SigningKeys.Stored(k, Instant.EPOCH)).toList();
    }

    private String token(RSAKey key, Duration ttl) {
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(ISSUER).subject("alice").issuedAt(clock.now)
                .expiresAt(clock.now.plus(ttl)).claim("roles", List.of("user")).build();
        return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(key)))
                .encode(JwtEncoderParameters.from(JwsHeader.with(() -> "RS256").keyId(key.getKeyID()).build(),
                        claims)).getTokenValue();
    }

    private double hits() {
        return meters.get("cache.gets").tag("cache", "verified-tokens").tag("result", "hit").functionCounter()
                .count();
    }

    @Test
    void should_verify_a_token_once_and_answer_it_from_memory_until_it_expires() {
        String token = token(stored.get(0), Duration.ofMinutes(15));

        assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        assertThat(hits()).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode(token).getSubject()).isEqualTo("alice");
        }
        assertThat(hits()).isEqualTo(5);
        assertThat(((VerifiedTokenCache) decoder).verifications()).isEqualTo(1);
        assertThat(((VerifiedTokenCache) decoder).size()).isEqualTo(1);
    }

    @Test
    void should_refuse_an_expired_token_at_once_although_it_was_cached() {
        String token = token(stored.get(0), Duration.ofMinutes(15));
        decoder.decode(token);
        decoder.decode(token);

        // one second past expiry the cache no longer answers for it: the decoder judges it (with its 60 s skew)
        clock.now = clock.now.plus(Duration.ofMinutes(15)).plusSeconds(1);
        double before = hits();
        long verified = ((VerifiedTokenCache) decoder).verifications();
        decoder.decode(token);
        assertThat(hits()).as("not answered from the cache after exp").isEqualTo(before);
        assertThat(((VerifiedTokenCache) decoder).verifications()).isEqualTo(verified + 1);
        assertThat(((VerifiedTokenCache) decoder).size()).isZero();

        clock.now = clock.now.plusSeconds(60);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void should_refuse_a_token_at_once_when_its_signing_key_retires() {
        RSAKey old = stored.get(0);
        String token = token(old, Duration.ofMinutes(15));
        decoder.decode(token);
        decoder.decode(token);

        // a rotation retires the old key and every replica re-reads the keys (KeyMaintenance)
        stored.set(0, SigningKeys.generate());
        keys.refresh();

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThat(decoder.decode(token(stored.get(0), Duration.ofMinutes(15))).getSubject()).isEqualTo("alice");
    }

    @Test
    void should_never_cache_a_token_that_does_not_verify() {
        String forged = token(SigningKeys.generate(), Duration.ofMinutes(15));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
        }
        String good = token(stored.get(0), Duration.ofMinutes(15));
        // the same token with its signature altered is another key of the cache, and is verified (and refused)
        String tampered = good.substring(0, good.length() - 4) + (good.endsWith("AAAA") ? "BBBB" : "AAAA");
        decoder.decode(good);
        assertThatThrownBy(() -> decoder.decode(tampered)).isInstanceOf(JwtException.class);
        assertThat(((VerifiedTokenCache) decoder).size()).isEqualTo(1);
    }
}
