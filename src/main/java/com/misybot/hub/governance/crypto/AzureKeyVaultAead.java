package com.misybot.hub.governance.crypto;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Envelope encryption with an Azure Key Vault key (RSA-OAEP-256 wrap): each call makes a fresh AES-256-GCM data
 * key, encrypts locally, and stores the data key wrapped by Key Vault in front of the ciphertext
 * ({@code 4-byte length ‖ wrapped key ‖ ciphertext}). The key never leaves the vault; credentials come from
 * {@code DefaultAzureCredential} (managed identity, workload identity, environment). Coded against the Azure SDK,
 * not run here: Azure cannot be reached from the build machine.
 */
public class AzureKeyVaultAead implements Aead {

    private final CryptographyClient client;

    public AzureKeyVaultAead(String keyId) {
        this.client = new CryptographyClientBuilder().keyIdentifier(keyId)
                .credential(new DefaultAzureCredentialBuilder().build()).buildClient();
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        byte[] ciphertext = dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class)
                .encrypt(plaintext, associatedData);
        byte[] wrapped = client.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256,
                TinkProtoKeysetFormat.serializeKeyset(dataKey, InsecureSecretKeyAccess.get())).getEncryptedKey();
        return ByteBuffer.allocate(4 + wrapped.length + ciphertext.length).putInt(wrapped.length).put(wrapped)
                .put(ciphertext).array();
    }

    @Override
    public byte[] decrypt(byte[] envelope, byte[] associatedData) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(envelope);
        int length = in.getInt();
        if (length <= 0 || length > in.remaining()) {
            throw new GeneralSecurityException("Not a Key Vault envelope");
        }
        byte[] wrapped = new byte[length];
        in.get(wrapped);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        byte[] keyset = client.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey();
        return TinkProtoKeysetFormat.parseKeyset(keyset, InsecureSecretKeyAccess.get())
                .getPrimitive(RegistryConfiguration.get(), Aead.class).decrypt(ciphertext, associatedData);
    }
}
