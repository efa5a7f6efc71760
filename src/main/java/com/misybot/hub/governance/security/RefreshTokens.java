package com.misybot.hub.governance.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. Each use rotates the token: the used one is spent and a new
 * one of the same family is issued. Presenting a spent token again revokes its whole family (token theft).
 */
@Repository
public class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RefreshTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Issues a token for {@code userId} in {@code familyId} (a new family for a fresh login). */
    public String issue(UUID userId, UUID familyId, Duration ttl) {
        String token = randomToken();
        jdbc.update("INSERT INTO refresh_token (id, family_id, user_id, token_hash, expires_at) VALUES (?, ?, ?, ?, ?)",
                UUID.randomUUID(), familyId, userId, hash(token), Timestamp.from(clock.instant().plus(ttl)));
        return token;
    }

    /** A spent refresh token: who it belonged to and its family, to issue the successor in. */
    public record Spent(UUID userId, UUID familyId) {
    }

    /**
     * Spends {@code token}; empty when it is unknown, expired, revoked or already spent (then the family is
     * revoked so the successor issued to whoever spent it first stops working too).
     */
    @Transactional
    public Optional<Spent> spend(String token) {
        String hash = hash(token);
        List<Spent> spent = jdbc.query("""
                UPDATE refresh_token SET used_at = now(), updated_at = now(), version = version + 1
                 WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
                RETURNING user_id, family_id""",
                (rs, i) -> new Spent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), hash);
        if (!spent.isEmpty()) {
            return Optional.of(spent.get(0));
        }
        jdbc.update("""
                UPDATE refresh_token SET revoked_at = now(), updated_at = now(), version = version + 1
                 WHERE revoked_at IS NULL AND family_id IN (SELECT family_id FROM refresh_token WHERE token_hash = ?)""",
                hash);
        return Optional.empty();
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 hex of a high-entropy secret (refresh tokens, API keys); no salt is needed for random secrets. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
