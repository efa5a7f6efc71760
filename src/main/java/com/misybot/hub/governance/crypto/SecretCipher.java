package com.misybot.hub.governance.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encrypts the hub's stored secrets with the {@code secrets} keyset (Tink AEAD, AES-256-GCM). Each value's
 * associated data is its row — table, id, column — so a ciphertext copied to another row or column does not
 * decrypt. Ciphertexts start with Tink's 5-byte prefix naming the key that made them, so old ones keep decrypting
 * after a rotation until re-encrypted.
 */
public class SecretCipher {

    public static final String KEYSET = "secrets";

    /** One key of the keyset as operators see it. */
    public record KeyInfo(long id, String status, boolean primary) {
    }

    private record Loaded(KeysetHandle handle, Aead aead, long version) {
    }

    private final Keysets keysets;
    private volatile Loaded loaded;

    public SecretCipher(Keysets keysets) {
        this.keysets = keysets;
        Keysets.Stored stored = keysets.loadOrCreate(KEYSET, PredefinedAeadParameters.AES256_GCM);
        this.loaded = use(stored);
    }

    /** Encrypts with the current primary key (re-read first if another replica rotated it). */
    public byte[] encrypt(String table, String id, String column, byte[] plaintext) {
        reloadIfChanged();
        return encryptWithLoaded(table, id, column, plaintext);
    }

    /** Encrypts with the keyset as loaded: for a batch whose caller checked it is current once, up front. */
    byte[] encryptWithLoaded(String table, String id, String column, byte[] plaintext) {
        try {
            return loaded.aead().encrypt(plaintext, ad(table, id, column));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt " + table + "." + column, e);
        }
    }

    /** Decrypts a value of row {@code id}; re-reads the keyset once when the value's key is unknown here. */
    public byte[] decrypt(String table, String id, String column, byte[] ciphertext) {
        try {
            return loaded.aead().decrypt(ciphertext, ad(table, id, column));
        } catch (GeneralSecurityException first) {
            reloadIfChanged();
            try {
                return loaded.aead().decrypt(ciphertext, ad(table, id, column));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot decrypt " + table + "." + column + " of row " + id
                        + ": wrong row, tampered value or disabled key", e);
            }
        }
    }

    /** Id of the key new values are encrypted with (unsigned, as stored in the key-id columns). */
    public long primaryKeyId() {
        return Integer.toUnsignedLong(loaded.handle().getPrimary().getId());
    }

    public List<KeyInfo> keys() {
        KeysetHandle handle = loaded.handle();
        List<KeyInfo> keys = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry entry = handle.getAt(i);
            keys.add(new KeyInfo(Integer.toUnsignedLong(entry.getId()), entry.getStatus().toString(),
                    entry.isPrimary()));
        }
        return keys;
    }

    /** Adds a new AES-256-GCM key and makes it primary; old keys stay enabled and keep decrypting. */
    public long rotate() {
        Keysets.Stored stored = keysets.load(KEYSET);
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(stored.handle()).addEntry(KeysetHandle
                    .generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
                    .build();
            keysets.save(KEYSET, rotated, stored.version());
            reloadIfChanged();
            return Integer.toUnsignedLong(rotated.getPrimary().getId());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot rotate the secrets keyset", e);
        }
    }

    /**
     * Disables every enabled key that is not primary and not in {@code inUse} (key ids still named by stored
     * values); returns the ids disabled. A disabled key stays in the keyset (it can be enabled again) but no longer
     * decrypts.
     */
    public List<Long> disableUnused(Collection<Long> inUse) {
        Keysets.Stored stored = keysets.load(KEYSET);
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(stored.handle());
        List<Long> disabled = new ArrayList<>();
        for (int i = 0; i < builder.size(); i++) {
            KeysetHandle.Builder.Entry entry = builder.getAt(i);
            long id = Integer.toUnsignedLong(stored.handle().getAt(i).getId());
            if (!entry.isPrimary() && entry.getStatus() == KeyStatus.ENABLED && !inUse.contains(id)) {
                entry.setStatus(KeyStatus.DISABLED);
                disabled.add(id);
            }
        }
        if (!disabled.isEmpty()) {
            try {
                keysets.save(KEYSET, builder.build(), stored.version());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot disable keys of the secrets keyset", e);
            }
            reloadIfChanged();
        }
        return disabled;
    }

    /** Re-reads the keyset when another replica (or a rotation here) stored a newer version. */
    public void reloadIfChanged() {
        if (keysets.version(KEYSET) != loaded.version()) {
            loaded = use(keysets.load(KEYSET));
        }
    }

    private static Loaded use(Keysets.Stored stored) {
        try {
            return new Loaded(stored.handle(), stored.handle().getPrimitive(RegistryConfiguration.get(), Aead.class),
                    stored.version());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The secrets keyset has no usable AEAD key", e);
        }
    }

    /**
     * The associated data of a value: {@code table \0 id \0 column} in UTF-8. Built without intermediate strings
     * (ASCII, the usual case, is copied byte for byte): it is computed on every decrypt, next to an AES-GCM pass
     * over a few hundred bytes, so its cost shows.
     */
    static byte[] ad(String table, String id, String column) {
        int length = table.length() + id.length() + column.length() + 2;
        if (!ascii(table) || !ascii(id) || !ascii(column)) {
            return (table + '\u0000' + id + '\u0000' + column).getBytes(StandardCharsets.UTF_8);
        }
        byte[] ad = new byte[length];
        int at = copy(table, ad, 0);
        at = copy(id, ad, at + 1);
        copy(column, ad, at + 1);
        return ad;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation") // copies the low byte of each char: exact for ASCII, which the caller checked
    private static int copy(String s, byte[] to, int at) {
        s.getBytes(0, s.length(), to, at);
        return at + s.length();
    }
}
