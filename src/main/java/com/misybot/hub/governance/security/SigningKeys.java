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
import java.nio.charset.StandardCharsets;
import com.misybot.hub.governance.crypto.SecretCipher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * RS256 signing keys of the built-in issuer, kept in PostgreSQL so every replica signs and verifies with the same
 * keys and tokens survive restarts. Private keys are stored only encrypted ({@link SecretCipher}, associated data
 * {@code jwt_signing_key|kid|private_key}). Rotation publishes before it signs: a new key is listed in the JWKS and
 * accepted at once, signs only after {@code activate_after} (every replica has re-read the keys by then), and the
 * keys it replaces keep verifying until {@code retire_after}, when the last token they signed has expired.
 */
public class SigningKeys {

    /**
     * Least time between two re-reads caused by unknown key ids: a token with a made-up {@code kid} must not cost
     * a database query per request.
     */
    static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(30);

    /** A usable key and the moment from which it signs. */
    public record Stored(RSAKey key, Instant activateAfter) {
    }

    private static final String ACTIVE = "retired_at IS NULL AND (retire_after IS NULL OR retire_after > now())";

    private final Supplier<List<Stored>> reload;
    private final Clock clock;
    private volatile List<Stored> keys;
    private volatile Map<String, RSAPublicKey> verificationKeys;
    private volatile Instant loadedAt;

    /** Keys from {@code jwt_signing_key}, encrypting any left in clear text and creating the first one if none. */
    public static SigningKeys fromDatabase(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock,
                                           SecretCipher cipher) {
        Supplier<List<Stored>> load = () -> jdbc.query("SELECT kid, private_key_ct, activate_after FROM jwt_signing_key"
                + " WHERE " + ACTIVE + " AND private_key_ct IS NOT NULL ORDER BY created_at DESC",
                (rs, i) -> new Stored(parse(new String(cipher.decrypt(TABLE, rs.getString(1), COLUMN, rs.getBytes(2)),
                        StandardCharsets.UTF_8)), rs.getTimestamp(3).toInstant()));
        java.util.concurrent.atomic.AtomicInteger encrypted = new java.util.concurrent.atomic.AtomicInteger();
        Supplier<List<Stored>> loadOrCreate = () -> tx.execute(status -> {
            // one replica creates the first key; the others wait on the lock and then read it
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('jwt_signing_key'))");
            encrypted.set(encryptClearText(jdbc, cipher));
            List<Stored> existing = load.get();
            if (!existing.isEmpty()) {
                return existing;
            }
            insert(jdbc, cipher, generate(), Duration.ZERO);
            return load.get();
        });
        List<Stored> initial = loadOrCreate.get();
        if (encrypted.get() > 0) {
            // the clear-text versions of those rows are dead tuples until the table is rewritten
            jdbc.execute("VACUUM FULL jwt_signing_key");
        }
        return new SigningKeys(initial, load, clock);
    }

    /** A new key that verifies at once and signs after {@code publishDelay}; the keys it replaces retire later. */
    public static String rotate(JdbcTemplate jdbc, TransactionTemplate tx, SecretCipher cipher, Duration publishDelay,
                                Duration overlap) {
        return tx.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('jwt_signing_key'))");
            RSAKey key = generate();
            insert(jdbc, cipher, key, publishDelay);
            // old keys verify until the last token they may sign (up to the new key's activation) has expired
            jdbc.update("UPDATE jwt_signing_key SET retire_after = now() + make_interval(secs => ?), "
                    + "updated_at = now(), version = version + 1 WHERE kid <> ? AND " + ACTIVE
                    + " AND retire_after IS NULL", (double) publishDelay.plus(overlap).toMillis() / 1000, key.getKeyID());
            return key.getKeyID();
        });
    }

    /**
     * Retires keys past their {@code retire_after}: they leave the JWKS and their private half is erased.
     * Returns how many.
     */
    public static int retireExpired(JdbcTemplate jdbc) {
        return jdbc.update("UPDATE jwt_signing_key SET retired_at = now(), private_key_ct = NULL, updated_at = now(), "
                + "version = version + 1 WHERE retired_at IS NULL AND retire_after <= now()");
    }

    private static final String TABLE = "jwt_signing_key";
    private static final String COLUMN = "private_key";

    private static void insert(JdbcTemplate jdbc, SecretCipher cipher, RSAKey key, Duration publishDelay) {
        jdbc.update("INSERT INTO jwt_signing_key (kid, private_key_ct, public_key, activate_after) "
                        + "VALUES (?, ?, ?, now() + make_interval(secs => ?))", key.getKeyID(),
                cipher.encrypt(TABLE, key.getKeyID(), COLUMN, key.toJSONString().getBytes(StandardCharsets.UTF_8)),
                key.toPublicJWK().toJSONString(), (double) publishDelay.toMillis() / 1000);
    }

    /** Keys stored before encryption at rest: encrypted and their clear text erased; returns how many. */
    private static int encryptClearText(JdbcTemplate jdbc, SecretCipher cipher) {
        List<String[]> clear = jdbc.query("SELECT kid, private_key FROM jwt_signing_key WHERE private_key IS NOT NULL",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
        for (String[] row : clear) {
            jdbc.update("UPDATE jwt_signing_key SET private_key_ct = ?, private_key = NULL, updated_at = now() "
                    + "WHERE kid = ?", cipher.encrypt(TABLE, row[0], COLUMN, row[1].getBytes(StandardCharsets.UTF_8)),
                    row[0]);
        }
        return clear.size();
    }

    SigningKeys(List<Stored> initial, Supplier<List<Stored>> reload, Clock clock) {
        this.reload = reload;
        this.clock = clock;
        use(initial);
    }

    private void use(List<Stored> loaded) {
        Map<String, RSAPublicKey> byKid = new HashMap<>();
        for (Stored stored : loaded) {
            try {
                byKid.put(stored.key().getKeyID(), stored.key().toRSAPublicKey());
            } catch (JOSEException e) {
                throw new IllegalStateException("Unusable signing key " + stored.key().getKeyID(), e);
            }
        }
        this.verificationKeys = Map.copyOf(byKid);
        this.keys = List.copyOf(loaded);
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

    /**
     * Whether tokens signed by {@code kid} verify now, from the keys as last read (no re-read): false once the key
     * retired and the keys were re-read (every replica's key maintenance re-reads them when the set changes).
     */
    public boolean verifies(String kid) {
        return verificationKeys.containsKey(kid);
    }

    /** The key that signs new tokens: the newest whose activation time has come (the oldest key if none has). */
    public RSAKey current() {
        Instant now = clock.instant();
        List<Stored> all = keys;
        for (Stored stored : all) {
            if (!stored.activateAfter().isAfter(now)) {
                return stored.key();
            }
        }
        return all.get(all.size() - 1).key();
    }

    /** Public keys for verification and the JWKS document, the signing key first. */
    public JWKSet publicKeys() {
        RSAKey signing = current();
        List<JWK> keys = new java.util.ArrayList<>();
        keys.add(signing.toPublicJWK());
        for (Stored stored : this.keys) {
            if (!stored.key().getKeyID().equals(signing.getKeyID())) {
                keys.add(stored.key().toPublicJWK());
            }
        }
        return new JWKSet(keys);
    }

    /** Re-reads the keys (after a rotation by another replica, or a retirement). */
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
