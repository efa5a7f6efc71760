package com.misybot.hub.governance.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that verifies a token once and answers later presentations of the same token from memory,
 * until the token expires: the RS256 signature check and the claim parsing cost about an eighth of an ingress
 * request (BENCHMARKS.md "Ingress"). The cache is keyed by the SHA-256 of the token, so it holds no bearer token.
 * <p>
 * What must still refuse a token at once does: a cached entry is used only while the token's {@code exp} is in the
 * future by the hub's clock and while the key that signed it still verifies ({@code stillTrusted}, the signing key
 * not retired); otherwise the entry is dropped and the token goes to the real decoder, which refuses it. A token the
 * real decoder refused is never cached. Tokens without {@code exp} are not cached.
 */
public class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Predicate<String> stillTrusted;
    private final Clock clock;
    private final Cache<String, Jwt> verified;
    private final java.util.concurrent.atomic.AtomicLong verifications = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param verifier     the decoder that checks signature and claims
     * @param stillTrusted whether the key of this kid still verifies tokens (false once it is retired)
     * @param maxEntries   how many verified tokens are kept (the least recently used go first)
     */
    public VerifiedTokenCache(JwtDecoder verifier, Predicate<String> stillTrusted, Clock clock, long maxEntries,
                              MeterRegistry meters) {
        this.verifier = verifier;
        this.stillTrusted = stillTrusted;
        this.clock = clock;
        // each entry lives until its token's exp by the hub's clock: an expired token is never a hit
        this.verified = Caffeine.newBuilder().maximumSize(maxEntries).recordStats()
                .ticker(() -> {
                    Instant now = clock.instant();
                    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
                .expireAfter(new Expiry<String, Jwt>() {
                    @Override
                    public long expireAfterCreate(String key, Jwt jwt, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), jwt.getExpiresAt()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String key, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
        if (meters != null) {
            CaffeineCacheMetrics.monitor(meters, verified, "verified-tokens");
        }
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            return verifier.decode(null);
        }
        String key = sha256(token);
        // an entry is gone once its token's exp has passed (the cache's expiry); its key may have retired since
        Jwt jwt = verified.getIfPresent(key);
        if (jwt != null) {
            if (keyTrusted(jwt)) {
                return jwt;
            }
            verified.invalidate(key);
        }
        // throws for a token that does not verify: nothing is cached then
        verifications.incrementAndGet();
        jwt = verifier.decode(token);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isAfter(clock.instant()) && keyTrusted(jwt)) {
            verified.put(key, jwt);
        }
        return jwt;
    }

    /** How many tokens were handed to the real decoder. */
    long verifications() {
        return verifications.get();
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private boolean keyTrusted(Jwt jwt) {
        Object kid = jwt.getHeaders().get("kid");
        return kid != null && stillTrusted.test(kid.toString());
    }

    private static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
