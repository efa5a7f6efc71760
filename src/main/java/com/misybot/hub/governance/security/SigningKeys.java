package com.misybot.hub.governance.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * RS256 signing keys of the built-in issuer, kept in PostgreSQL so every replica signs and verifies with the same
 * keys and tokens survive restarts. The newest non-retired key signs; all non-retired keys verify (JWKS).
 */
public class SigningKeys {

    /**
     * Least time between two re-reads caused by unknown key ids: a token with a made-up {@code kid} must not cost
     * a database query per request.
     */
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(30);

    private final Supplier<List<RSAKey>> reload;
    private final Clock clock;
    private volatile List<RSAKey> keys;
    private volatile Map<String, RSAPublicKey> verificationKeys;
    private volatile Instant loadedAt;

    /** Keys from {@code jwt_signing_key}, creating the first one when the table is empty. */
    public static SigningKeys fromDatabase(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        Supplier<List<RSAKey>> load = () -> jdbc.query(
                "SELECT private_key FROM jwt_signing_key WHERE retired_at IS NULL ORDER BY created_at DESC",
                (rs, i) -> parse(rs.getString(1)));
        Supplier<List<RSAKey>> loadOrCreate = () -> tx.execute(status -> {
            // one replica creates the first key; the others wait on the lock and then read it
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('jwt_signing_key'))");
            List<RSAKey> existing = load.get();
            if (!existing.isEmpty()) {
                return existing;
            }
            RSAKey key = generate();
            jdbc.update("INSERT INTO jwt_signing_key (kid, private_key, public_key) VALUES (?, ?, ?)",
                    key.getKeyID(), key.toJSONString(), key.toPublicJWK().toJSONString());
            return List.of(key);
        });
        return new SigningKeys(loadOrCreate.get(), load, clock);
    }

    SigningKeys(List<RSAKey> initial, Supplier<List<RSAKey>> reload, Clock clock) {
        this.reload = reload;
        this.clock = clock;
        use(initial);
    }

    private void use(List<RSAKey> loaded) {
        Map<String, RSAPublicKey> byKid = new HashMap<>();
        for (RSAKey key : loaded) {
            try {
                byKid.put(key.getKeyID(), key.toRSAPublicKey());
            } catch (JOSEException e) {
                throw new IllegalStateException("Unusable signing key " + key.getKeyID(), e);
            }
        }
        this.verificationKeys = Map.copyOf(byKid);
        this.keys = loaded;
        this.loadedAt = clock.instant();
    }

    /**
     * The Java public key for {@code kid}, decoded once (not per token: JWK to RSA conversion dominated the cost of
     * verifying a token); an unknown kid triggers a re-read, for keys another replica created, at most once per
     * {@link #MIN_RELOAD_INTERVAL}.
     */
    public RSAPublicKey verificationKey(String kid) {
        RSAPublicKey key = verificationKeys.get(kid);
        if (key == null && kid != null && clock.instant().isAfter(loadedAt.plus(MIN_RELOAD_INTERVAL))) {
            refresh();
            key = verificationKeys.get(kid);
        }
        return key;
    }

    /** The key that signs new tokens. */
    public RSAKey current() {
        return keys.get(0);
    }

    /** Public keys for verification and the JWKS document. */
    public JWKSet publicKeys() {
        return new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList());
    }

    /** Re-reads the keys (after a rotation by another replica). */
    public void refresh() {
        use(reload.get());
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Unreadable signing key in jwt_signing_key", e);
        }
    }

    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
    }
}
