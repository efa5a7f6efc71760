package com.misybot.hub.governance.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.daead.PredefinedDeterministicAeadParameters;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One key per data subject for the PII token vault: a Tink deterministic AEAD keyset (AES-SIV), kept in
 * {@code subject_key} encrypted by the master key (associated data {@code subject_key|<owner>}). The same value under
 * the same key and associated data is the same ciphertext, which is how the vault finds a value it already holds
 * without storing it in clear. {@link #destroy} is crypto-shredding: every ciphertext under the key becomes
 * unreadable. Keys are cached for {@link #CACHED}, so another replica may decrypt for that long after a destroy.
 */
public class SubjectKeys {

    static {
        try {
            com.google.crypto.tink.daead.DeterministicAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static final Duration CACHED = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final Keysets keysets;
    private final Cache<String, DeterministicAead> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(CACHED).build();

    public SubjectKeys(JdbcTemplate jdbc, Keysets keysets) {
        this.jdbc = jdbc;
        this.keysets = keysets;
    }

    /** The subject's key, created on first use (two replicas creating it at once: the first insert wins). */
    public DeterministicAead forSubject(String owner) {
        return cache.get(owner, o -> existing(o).orElseGet(() -> create(o)));
    }

    /** The subject's key if it exists (it does not after {@link #destroy}). */
    public Optional<DeterministicAead> find(String owner) {
        DeterministicAead cached = cache.getIfPresent(owner);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<DeterministicAead> key = existing(owner);
        key.ifPresent(k -> cache.put(owner, k));
        return key;
    }

    /** Deletes the subject's key; true when there was one. */
    public boolean destroy(String owner) {
        cache.invalidate(owner);
        return jdbc.update("DELETE FROM subject_key WHERE owner_id = ?", owner) == 1;
    }

    private Optional<DeterministicAead> existing(String owner) {
        List<String> sealed = jdbc.queryForList("SELECT keyset FROM subject_key WHERE owner_id = ?", String.class,
                owner);
        return sealed.isEmpty() ? Optional.empty() : Optional.of(primitive(keysets.open(sealed.get(0), ad(owner))));
    }

    private DeterministicAead create(String owner) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedDeterministicAeadParameters.AES256_SIV);
            int inserted = jdbc.update("INSERT INTO subject_key (owner_id, keyset) VALUES (?, ?) "
                    + "ON CONFLICT (owner_id) DO NOTHING", owner, keysets.seal(handle, ad(owner)));
            return inserted == 1 ? primitive(handle) : existing(owner).orElseThrow();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create a subject key", e);
        }
    }

    private static DeterministicAead primitive(KeysetHandle handle) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), DeterministicAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A subject keyset has no deterministic AEAD key", e);
        }
    }

    private static String ad(String owner) {
        return "subject_key|" + owner;
    }
}
