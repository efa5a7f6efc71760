package com.misybot.hub.governance.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.governance.crypto.SecretCipher;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

/** Secrets at rest and live key rotation (issue 12): ciphertext only, bound to its row, rotated under load. */
class KeyManagementIT extends HubIntegrationTest {

    @Autowired
    SecretCipher cipher;

    @Test
    void should_store_no_key_material_in_clear_text_anywhere() {
        // given: every table of the schema, each row as text
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", String.class);

        // then: no JWK private member, no PEM, no clear Tink keyset in any row
        for (String table : tables) {
            Integer leaks = jdbc.queryForObject("SELECT count(*) FROM \"" + table + "\" t WHERE t::text ~ "
                    + "'\\\\?\"(d|p|q|dp|dq|qi)\\\\?\": ?\\\\?\"|PRIVATE KEY|keyMaterialType'", Integer.class);
            assertThat(leaks).as(table).isZero();
        }
        List<Map<String, Object>> keys = jdbc.queryForList("SELECT kid, private_key, private_key_ct FROM "
                + "jwt_signing_key WHERE retired_at IS NULL");
        assertThat(keys).isNotEmpty();
        for (Map<String, Object> key : keys) {
            assertThat(key.get("private_key")).isNull();
            assertThat((byte[]) key.get("private_key_ct")).isNotEmpty();
        }
    }

    @Test
    void should_bind_each_ciphertext_to_its_row_and_refuse_clear_text() {
        // given
        Map<String, Object> key = jdbc.queryForMap("SELECT kid, private_key_ct FROM jwt_signing_key "
                + "WHERE private_key_ct IS NOT NULL LIMIT 1");
        String kid = (String) key.get("kid");
        byte[] ciphertext = (byte[]) key.get("private_key_ct");

        // then: it opens for its own row only
        assertThat(new String(cipher.decrypt("jwt_signing_key", kid, "private_key", ciphertext),
                StandardCharsets.UTF_8)).contains("\"d\"");
        assertThatThrownBy(() -> cipher.decrypt("jwt_signing_key", "another-kid", "private_key", ciphertext))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("app_user", kid, "private_key", ciphertext))
                .isInstanceOf(IllegalStateException.class);
        // and the database refuses key material in clear text
        assertThatThrownBy(() -> jdbc.update("UPDATE jwt_signing_key SET private_key = '{}' WHERE kid = ?", kid))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void should_refuse_key_rotation_and_key_status_below_superadmin_and_change_nothing() {
        // given
        long keysBefore = count("SELECT count(*) FROM jwt_signing_key");
        String keysetBefore = jdbc.queryForObject("SELECT keyset FROM crypto_keyset WHERE name = 'secrets'", String.class);

        // when / then
        for (String role : new String[] {"operator", "auditor", "user"}) {
            String token = user(role).accessToken();
            assertProblem(http.postJson("/api/v1/admin/keys/rotate", "{}", Http.bearer(token)), 403, "forbidden");
            assertProblem(http.get("/api/v1/admin/keys", Http.bearer(token)), 403, "forbidden");
        }
        assertProblem(http.postJson("/api/v1/admin/keys/rotate", "{\"keys\":[\"everything\"]}",
                Http.bearer(user("superadmin").accessToken())), 400, "validation");
        assertThat(count("SELECT count(*) FROM jwt_signing_key")).isEqualTo(keysBefore);
        assertThat(jdbc.queryForObject("SELECT keyset FROM crypto_keyset WHERE name = 'secrets'", String.class))
                .isEqualTo(keysetBefore);
    }

    @Test
    void should_rotate_jwt_and_data_keys_under_load_without_a_failed_request() throws Exception {
        // given: tokens issued before the rotation, and clients that keep calling and logging in
        TestUser admin = user("superadmin");
        TestUser client = user("user");
        long auditFrom = count("SELECT coalesce(max(seq), 0) FROM audit_log");
        String oldKid = kid(client.accessToken());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        Map<Integer, String> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            load.add(pool.submit(() -> {
                Http own = new Http(port);
                int i = 0;
                while (running.get()) {
                    String token = client.accessToken();
                    if (thread % 2 == 1 && i++ % 5 == 0) {
                        // a fresh login: signed by whichever key signs at this moment
                        token = own.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
                                + client.username() + "\",\"password\":\"" + STRONG_PASSWORD + "\"}")
                                .json().path("access_token").asText();
                    }
                    Http.Answer answer = own.get("/api/v1/info", Http.bearer(token));
                    int n = calls.incrementAndGet();
                    if (answer.status() != 200) {
                        failures.put(n, answer.status() + " " + answer.body());
                    }
                }
                return null;
            }));
        }

        // when: the JWT and data keys are rotated while the load runs
        Thread.sleep(1000);
        Http.Answer rotated = http.postJson("/api/v1/admin/keys/rotate", "{\"keys\":[\"jwt\",\"data\"]}",
                Http.bearer(admin.accessToken()));
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newKid = rotated.json().path("jwtKid").asText();
        long newDataKey = rotated.json().path("dataKeyId").asLong();
        // the new key signs once every replica had time to publish it; until then the old one does
        await().atMost(Duration.ofSeconds(20)).until(() -> newKid.equals(kid(login(client.username(),
                STRONG_PASSWORD).path("access_token").asText())));
        Thread.sleep(1000);
        running.set(false);
        for (Future<?> f : load) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then: not one request failed, tokens of both keys work, both keys are published
        assertThat(failures).as("failed requests during the rotation").isEmpty();
        assertThat(calls.get()).isGreaterThan(40);
        assertThat(http.get("/api/v1/info", Http.bearer(client.accessToken())).status()).isEqualTo(200);
        assertThat(oldKid).isNotEqualTo(newKid);
        String jwks = http.get("/.well-known/jwks.json").body();
        assertThat(jwks).contains(oldKid).contains(newKid).doesNotContain("\"d\"");
        // every secret moves to the new data key, then the old key is disabled
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode keys = http.get("/api/v1/admin/keys", Http.bearer(admin.accessToken())).json();
            assertThat(keys.path("data").path("pendingRows").asLong()).isZero();
            for (JsonNode key : keys.path("data").path("keys")) {
                if (key.path("id").asLong() == newDataKey) {
                    assertThat(key.path("primary").asBoolean()).isTrue();
                } else {
                    assertThat(key.path("status").asText()).as(key.toString()).isEqualTo("DISABLED");
                }
            }
        });
        assertThat(jdbc.queryForList("SELECT DISTINCT private_key_key_id FROM jwt_signing_key WHERE private_key_ct "
                + "IS NOT NULL", Long.class)).containsOnly(newDataKey);
        // and the rotation is one audit record, by the superadmin
        List<Map<String, Object>> records = jdbc.queryForList("SELECT actor, role, target FROM audit_log "
                + "WHERE action = 'keys.rotate' AND seq > ?", auditFrom);
        assertThat(records).hasSize(1);
        assertThat(records.get(0)).containsEntry("actor", admin.id()).containsEntry("role", "superadmin")
                .containsEntry("target", "jwt,data");
        assertThat(http.get("/actuator/prometheus", Http.bearer(user("operator").accessToken())).body())
                .contains("hub_secrets_rows{").contains("hub_secrets_reencrypted_total");
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))),
                StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
