package com.misybot.hub.governance.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Master key providers and the associated data of secrets, without a database. */
class MasterKeysTest {

    @TempDir
    Path dir;

    @Test
    void should_create_the_local_master_key_readable_by_its_owner_only_and_reuse_it() throws Exception {
        // when
        Aead first = MasterKeys.open(new CryptoProperties.Master("local", null, null, null), dir.toString());
        byte[] sealed = first.encrypt("k".getBytes(StandardCharsets.UTF_8), new byte[0]);
        Aead again = MasterKeys.open(new CryptoProperties.Master("local", null, null, null), dir.toString());

        // then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master-key.json"))))
                .isEqualTo("rw-------");
        assertThat(again.decrypt(sealed, new byte[0])).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_refuse_a_local_master_key_others_may_read() throws Exception {
        MasterKeys.open(new CryptoProperties.Master("local", null, null, null), dir.toString());
        Files.setPosixFilePermissions(dir.resolve("master-key.json"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKeys.open(new CryptoProperties.Master("local", null, null, null), dir.toString()))
                .hasMessageContaining("chmod 600");
    }

    @Test
    void should_name_what_is_missing_for_env_and_azure_and_refuse_unknown_providers() {
        assertThatThrownBy(() -> MasterKeys.open(new CryptoProperties.Master("env", null, "", null), dir.toString()))
                .hasMessageContaining("HUB_MASTER_KEYSET");
        assertThatThrownBy(() -> MasterKeys.open(new CryptoProperties.Master("azure-keyvault", null, null, null),
                dir.toString())).hasMessageContaining("HUB_MASTER_AZURE_KEY_ID");
        assertThatThrownBy(() -> MasterKeys.open(new CryptoProperties.Master("vault", null, null, null),
                dir.toString())).hasMessageContaining("local, env or azure-keyvault");
        assertThatThrownBy(() -> MasterKeys.open(new CryptoProperties.Master("env", null, "{\"not\":\"a keyset\"}", null),
                dir.toString())).hasMessageContaining("not a valid Tink AEAD keyset");
    }

    @Test
    void should_build_the_same_associated_data_on_the_fast_path_as_plain_utf8() {
        for (String[] row : new String[][] {{"jwt_signing_key", "6f1c-kid", "private_key"}, {"t", "", "c"},
                {"tablé", "id-ü", "col"}, {"t", "日本", "c"}}) {
            assertThat(SecretCipher.ad(row[0], row[1], row[2])).isEqualTo(
                    (row[0] + '\u0000' + row[1] + '\u0000' + row[2]).getBytes(StandardCharsets.UTF_8));
        }
    }
}
