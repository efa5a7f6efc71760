package com.misybot.hub.governance.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Secrets at rest ({@code hub.crypto}): where the master key comes from and how re-encryption runs. */
@ConfigurationProperties(prefix = "hub.crypto")
public record CryptoProperties(@DefaultValue Master master, @DefaultValue Reencrypt reencrypt) {

    /**
     * The key that encrypts the hub's keysets. {@code provider}: {@code local} (a keyset file, created 0600 on
     * first start), {@code env} ({@code keyset} holds a Tink JSON keyset, from an environment variable) or
     * {@code azure-keyvault} (a Key Vault key named by {@code azureKeyId} wraps them).
     */
    public record Master(@DefaultValue("local") String provider, String localFile, String keyset,
                         String azureKeyId) {
    }

    /**
     * Background re-encryption after a rotation (route {@code key-maintenance}): rows per transaction and the period
     * of the route.
     */
    public record Reencrypt(@DefaultValue("200") int batchSize, @DefaultValue("1000") long intervalMillis) {
    }
}
