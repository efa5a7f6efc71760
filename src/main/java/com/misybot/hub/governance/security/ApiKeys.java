package com.misybot.hub.governance.security;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Service-to-service API keys ({@code api_key}): shown once at creation, stored as SHA-256 hashes, one role each. */
@Repository
public class ApiKeys {

    /** Prefix of every key, so leaked keys are easy to recognise in logs and scanners. */
    public static final String PREFIX = "mhk_";

    /** A key as stored (no secret). */
    public record ApiKey(UUID id, String name, String role) {
    }

    /** A newly created key with its secret, returned exactly once. */
    public record Created(String id, String name, String role, String apiKey) {
    }

    private final JdbcTemplate jdbc;

    public ApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a key; empty when an active key already has that name. */
    public Optional<Created> create(String name, String role, UUID createdBy) {
        String secret = PREFIX + RefreshTokens.randomToken();
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("INSERT INTO api_key (id, name, key_hash, role, created_by) VALUES (?, ?, ?, ?, ?)",
                    id, name, RefreshTokens.hash(secret), role, createdBy);
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(new Created(id.toString(), name, role, secret));
    }

    /** The active key matching {@code secret}, if any. */
    public Optional<ApiKey> find(String secret) {
        List<ApiKey> keys = jdbc.query(
                "SELECT id, name, role FROM api_key WHERE key_hash = ? AND revoked_at IS NULL",
                (rs, i) -> new ApiKey(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)),
                RefreshTokens.hash(secret));
        return keys.stream().findFirst();
    }
}
