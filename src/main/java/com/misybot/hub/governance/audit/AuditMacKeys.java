package com.misybot.hub.governance.audit;

import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.misybot.hub.governance.crypto.Keysets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

/**
 * The audit chain's HMAC-SHA256 keys ({@code audit-mac} keyset, stored encrypted by the master key). Records name
 * the key that chained them ({@code key_version}); a rotation adds a primary and keeps every old key, so old
 * records verify forever.
 */
public class AuditMacKeys {

    public static final String KEYSET = "audit-mac";

    private record Loaded(Map<Long, Mac> byId, long primary, long version) {
    }

    private final Keysets keysets;
    private volatile Loaded loaded;

    public AuditMacKeys(Keysets keysets) {
        this.keysets = keysets;
        try {
            this.loaded = use(keysets.loadOrCreate(KEYSET,
                    KeyTemplates.get("HMAC_SHA256_256BITTAG_RAW").toParameters()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the audit MAC keyset", e);
        }
    }

    /** Key id new records are chained with. */
    public long primary() {
        return loaded.primary();
    }

    /** HMAC of {@code input} with key {@code keyId}; null when no such key exists (then the record is forged). */
    public byte[] mac(long keyId, byte[] input) {
        Mac mac = loaded.byId().get(keyId);
        if (mac == null) {
            reloadIfChanged();
            mac = loaded.byId().get(keyId);
            if (mac == null) {
                return null;
            }
        }
        try {
            return mac.computeMac(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute the audit MAC", e);
        }
    }

    /** Adds a new primary MAC key; returns its id. */
    public long rotate() {
        Keysets.Stored stored = keysets.load(KEYSET);
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(stored.handle()).addEntry(KeysetHandle
                    .generateEntryFromParameters(KeyTemplates.get("HMAC_SHA256_256BITTAG_RAW").toParameters())
                    .withRandomId().makePrimary()).build();
            keysets.save(KEYSET, rotated, stored.version());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot rotate the audit MAC keyset", e);
        }
        reloadIfChanged();
        return primary();
    }

    public void reloadIfChanged() {
        if (keysets.version(KEYSET) != loaded.version()) {
            loaded = use(keysets.load(KEYSET));
        }
    }

    private static Loaded use(Keysets.Stored stored) {
        KeysetHandle handle = stored.handle();
        Map<Long, Mac> byId = new HashMap<>();
        try {
            for (int i = 0; i < handle.size(); i++) {
                KeysetHandle.Entry entry = handle.getAt(i);
                // one primitive per key: a record's MAC must come from the key it names, not any key of the set
                Mac mac = KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(entry.getKey())
                                .withFixedId(entry.getId()).makePrimary()).build()
                        .getPrimitive(RegistryConfiguration.get(), Mac.class);
                byId.put(Integer.toUnsignedLong(entry.getId()), mac);
            }
            return new Loaded(Map.copyOf(byId), Integer.toUnsignedLong(handle.getPrimary().getId()),
                    stored.version());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit MAC keyset is unusable", e);
        }
    }
}
