package com.misybot.hub.governance.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's Tink keysets in {@code crypto_keyset}, shared by every replica, each stored only encrypted by the
 * master key (associated data {@code crypto_keyset|<name>}). Changes are optimistic: a save names the version it
 * read.
 */
public class Keysets {

    /** A keyset as read, with the version a save must name. */
    public record Stored(KeysetHandle handle, long version) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Aead master;
    private final String provider;

    public Keysets(JdbcTemplate jdbc, TransactionTemplate tx, Aead master, String provider) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.master = master;
        this.provider = provider;
    }

    /** The keyset {@code name}, generated from {@code parameters} by the first replica that needs it. */
    public Stored loadOrCreate(String name, Parameters parameters) {
        return tx.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('crypto_keyset'), hashtext(?))", name);
            List<Stored> existing = read(name);
            if (!existing.isEmpty()) {
                return existing.get(0);
            }
            try {
                KeysetHandle handle = KeysetHandle.generateNew(parameters);
                jdbc.update("INSERT INTO crypto_keyset (name, keyset, master_provider) VALUES (?, ?, ?)", name,
                        TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master, ad(name)), provider);
                return new Stored(handle, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot create keyset " + name, e);
            }
        });
    }

    public Stored load(String name) {
        List<Stored> stored = read(name);
        if (stored.isEmpty()) {
            throw new IllegalStateException("No keyset " + name + " in crypto_keyset");
        }
        return stored.get(0);
    }

    /** The stored version of {@code name}: a cheap check whether a cached keyset is still current. */
    public long version(String name) {
        Long version = jdbc.queryForObject("SELECT version FROM crypto_keyset WHERE name = ?", Long.class, name);
        return version == null ? -1 : version;
    }

    /** Stores {@code handle} as the new version of {@code name}, if nobody changed it since {@code readVersion}. */
    public long save(String name, KeysetHandle handle, long readVersion) {
        try {
            int updated = jdbc.update("UPDATE crypto_keyset SET keyset = ?, version = version + 1, updated_at = now() "
                    + "WHERE name = ? AND version = ?",
                    TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master, ad(name)), name, readVersion);
            if (updated != 1) {
                throw new OptimisticLockingFailureException("Keyset " + name + " changed meanwhile");
            }
            return readVersion + 1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt keyset " + name, e);
        }
    }

    /** {@code handle} encrypted by the master key, bound to {@code ad}: for keysets kept in other tables. */
    public String seal(KeysetHandle handle, String ad) {
        try {
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master,
                    ad.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a keyset", e);
        }
    }

    /** A keyset {@link #seal sealed} with {@code ad}. */
    public KeysetHandle open(String sealed, String ad) {
        try {
            return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(sealed, master, ad.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A keyset (" + ad + ") cannot be decrypted with the configured master key "
                    + "(hub.crypto.master.provider=" + provider + ")", e);
        }
    }

    /** Deletes the keyset {@code name}; true when there was one. */
    public boolean delete(String name) {
        return jdbc.update("DELETE FROM crypto_keyset WHERE name = ?", name) == 1;
    }

    /** Names of the stored keysets that start with {@code prefix}. */
    public List<String> names(String prefix) {
        return jdbc.queryForList("SELECT name FROM crypto_keyset WHERE starts_with(name, ?) ORDER BY name",
                String.class, prefix);
    }

    private List<Stored> read(String name) {
        return jdbc.query("SELECT keyset, version FROM crypto_keyset WHERE name = ?", (rs, i) -> {
            try {
                return new Stored(TinkJsonProtoKeysetFormat.parseEncryptedKeyset(rs.getString(1), master, ad(name)),
                        rs.getLong(2));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The keyset " + name + " cannot be decrypted with the configured "
                        + "master key (hub.crypto.master.provider=" + provider + "): the master key is not the one "
                        + "it was stored with", e);
            }
        }, name);
    }

    private static byte[] ad(String name) {
        return ("crypto_keyset|" + name).getBytes(StandardCharsets.UTF_8);
    }
}
