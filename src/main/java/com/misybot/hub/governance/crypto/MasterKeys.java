package com.misybot.hub.governance.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * The master key providers: each yields the {@link Aead} that encrypts the hub's keysets (never a row's data).
 * {@code local} keeps a Tink keyset in a file readable by the hub's user only; {@code env} reads one from
 * configuration (an environment variable or a secret store mounted as one); {@code azure-keyvault} wraps with a
 * Key Vault key ({@link AzureKeyVaultAead}).
 */
public final class MasterKeys {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private MasterKeys() {
    }

    /** The master AEAD named by {@code master.provider()}; {@code dataDir} holds the local key file by default. */
    public static Aead open(CryptoProperties.Master master, String dataDir) {
        register();
        String provider = master.provider() == null ? "local" : master.provider().trim();
        return switch (provider) {
            case "local" -> local(master.localFile() == null || master.localFile().isBlank()
                    ? Path.of(dataDir, "master-key.json") : Path.of(master.localFile()));
            case "env" -> fromJson(require(master.keyset(), "hub.crypto.master.keyset (HUB_MASTER_KEYSET)"),
                    "hub.crypto.master.keyset");
            case "azure-keyvault" -> new AzureKeyVaultAead(require(master.azureKeyId(),
                    "hub.crypto.master.azure-key-id (HUB_MASTER_AZURE_KEY_ID)"));
            default -> throw new IllegalStateException("Unknown hub.crypto.master.provider '" + provider
                    + "': use local, env or azure-keyvault");
        };
    }

    /** Registers Tink's AEAD, MAC and signature key managers (idempotent). */
    public static void register() {
        try {
            AeadConfig.register();
            com.google.crypto.tink.mac.MacConfig.register();
            com.google.crypto.tink.signature.SignatureConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot register Tink primitives", e);
        }
    }

    /** A new AES-256-GCM keyset, as Tink JSON with its key material (for {@code env}: {@code HUB_MASTER_KEYSET}). */
    public static String newKeysetJson() {
        register();
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                    InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a keyset", e);
        }
    }

    /** The keyset in {@code file}, created (0600, atomically) when absent; refused when others may read it. */
    static Aead local(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                writeOwnerOnly(file, newKeysetJson());
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")
                    && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new IllegalStateException("The master key file " + file + " may be read by other users: "
                        + "chmod 600 it (the hub refuses to use it otherwise)");
            }
            return fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
        }
    }

    /** Writes {@code content} to a new file that only its owner may read; fails if the file exists. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    static Aead fromJson(String json, String source) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get())
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The master keyset from " + source + " is not a valid Tink AEAD keyset", e);
        }
    }

    private static String require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The master key provider needs " + what);
        }
        return value;
    }
}
