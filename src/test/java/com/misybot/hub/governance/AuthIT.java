package com.misybot.hub.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.governance.security.SigningKeys;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Authentication and authorization over HTTP: the token matrix, refresh rotation, login throttling, API keys. */
class AuthIT extends HubIntegrationTest {

    private static final String USER_ENDPOINT = "/api/v1/sessions/%s/messages";
    private static final String ADMIN_ENDPOINT = "/api/v1/admin/users";

    @Autowired
    SigningKeys signingKeys;

    @Value("${hub.security.jwt.issuer}")
    String issuer;

    private String token(RSAKey key, String kid, String subject, List<String> roles, Instant expiresAt) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).claim("roles", roles)
                .issueTime(Date.from(expiresAt.minusSeconds(900))).expirationTime(Date.from(expiresAt)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String unsigned(String subject, List<String> roles) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"misybot-hub\",\"sub\":\"" + subject + "\",\"roles\":"
                + "[\"" + String.join("\",\"", roles) + "\"],\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    private Http.Answer callUserEndpoint(String... headers) {
        return http.postJson(USER_ENDPOINT.formatted(newSessionId()), "{\"text\":\"hi\"}", headers);
    }

    private Http.Answer callAdminEndpoint(String... headers) {
        return http.postJson(ADMIN_ENDPOINT, "{\"username\":\"n-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"password\":\"" + STRONG_PASSWORD + "\",\"roles\":[\"user\"]}", headers);
    }

    @Test
    void should_refuse_missing_forged_unsigned_and_expired_tokens_on_user_and_admin_endpoints() throws Exception {
        // given
        TestUser admin = user("superadmin");
        RSAKey hubKey = signingKeys.current();
        RSAKey foreignKey = new RSAKeyGenerator(2048).keyID(hubKey.getKeyID()).generate();
        List<String> roles = List.of("superadmin", "user");
        String badSignature = token(foreignKey, hubKey.getKeyID(), admin.id(), roles, Instant.now().plusSeconds(600));
        String expired = token(hubKey, hubKey.getKeyID(), admin.id(), roles, Instant.now().minusSeconds(3600));
        String algNone = unsigned(admin.id(), roles);

        for (boolean admins : new boolean[] {false, true}) {
            java.util.function.Function<String[], Http.Answer> call = admins ? this::callAdminEndpoint : this::callUserEndpoint;
            // when / then
            Http.Answer none = call.apply(new String[0]);
            assertProblem(none, 401, "unauthorized");
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
            assertProblem(call.apply(Http.bearer(badSignature)), 401, "unauthorized");
            assertProblem(call.apply(Http.bearer(algNone)), 401, "unauthorized");
            assertProblem(call.apply(Http.bearer(expired)), 401, "unauthorized");
            assertProblem(call.apply(Http.bearer("not.a.jwt")), 401, "unauthorized");
        }
        // the same claims signed with the hub's key and a future expiry are accepted
        String valid = token(hubKey, hubKey.getKeyID(), admin.id(), roles, Instant.now().plusSeconds(600));
        assertThat(callUserEndpoint(Http.bearer(valid)).status()).isEqualTo(202);
        assertThat(callAdminEndpoint(Http.bearer(valid)).status()).isEqualTo(201);
    }

    @Test
    void should_allow_user_endpoint_for_user_role_and_admin_endpoint_only_for_superadmin() {
        // given
        TestUser user = user("user");
        TestUser operator = user("operator");
        TestUser admin = user("superadmin");

        // when / then
        assertThat(callUserEndpoint(Http.bearer(user.accessToken())).status()).isEqualTo(202);
        assertProblem(callAdminEndpoint(Http.bearer(user.accessToken())), 403, "forbidden");
        assertProblem(callAdminEndpoint(Http.bearer(operator.accessToken())), 403, "forbidden");
        Http.Answer created = callAdminEndpoint(Http.bearer(admin.accessToken()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("roles").get(0).asText()).isEqualTo("user");
        assertThat(created.body()).doesNotContain(STRONG_PASSWORD).doesNotContain("$2a$");
    }

    @Test
    void should_create_user_that_can_log_in_and_refuse_duplicates_and_weak_input() {
        // given
        TestUser admin = user("superadmin");
        String name = "new-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"username\":\"" + name + "\",\"password\":\"" + STRONG_PASSWORD + "\",\"roles\":[\"operator\"]}";

        // when
        Http.Answer created = http.postJson(ADMIN_ENDPOINT, body, Http.bearer(admin.accessToken()));
        Http.Answer duplicate = http.postJson(ADMIN_ENDPOINT, body, Http.bearer(admin.accessToken()));
        Http.Answer weak = http.postJson(ADMIN_ENDPOINT, "{\"username\":\"ab\",\"password\":\"short\",\"roles\":[\"god\"]}",
                Http.bearer(admin.accessToken()));

        // then
        assertThat(created.status()).isEqualTo(201);
        assertThat(login(name, STRONG_PASSWORD).path("access_token").asText()).isNotBlank();
        assertProblem(duplicate, 409, "conflict");
        assertProblem(weak, 400, "validation");
        assertThat(weak.json().path("errors")).hasSize(3);
        assertThat(count("SELECT count(*) FROM app_user WHERE lower(username) = lower(?)", name)).isEqualTo(1);
    }

    @Test
    void should_rotate_refresh_token_and_revoke_family_when_a_used_one_is_replayed() {
        // given
        TestUser alice = user("user");
        String first = alice.refreshToken();

        // when
        Http.Answer rotated = refresh(first);
        Http.Answer replay = refresh(first);
        Http.Answer successorAfterTheft = refresh(rotated.json().path("refresh_token").asText());

        // then
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(rotated.json().path("expires_in").asLong()).isPositive();
        assertThat(rotated.json().path("refresh_token").asText()).isNotEqualTo(first);
        assertThat(callUserEndpoint(Http.bearer(rotated.json().path("access_token").asText())).status()).isEqualTo(202);
        assertProblem(replay, 401, "unauthorized");
        assertProblem(successorAfterTheft, 401, "unauthorized");
    }

    private Http.Answer refresh(String token) {
        return http.postJson("/api/v1/auth/token", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + token + "\"}");
    }

    @Test
    void should_throttle_logins_after_repeated_failures_for_a_username() {
        // given: the test profile allows 3 failures per username
        TestUser alice = user("user");
        String wrong = "{\"grant_type\":\"password\",\"username\":\"" + alice.username() + "\",\"password\":\"nope\"}";

        // when
        for (int i = 0; i < 3; i++) {
            assertProblem(http.postJson("/api/v1/auth/token", wrong), 401, "unauthorized");
        }
        Http.Answer locked = http.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
                + alice.username() + "\",\"password\":\"" + STRONG_PASSWORD + "\"}");

        // then: even the right password waits until the window ends
        assertProblem(locked, 429, "too-many-requests");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 300L);
    }

    @Test
    void should_refuse_token_requests_with_unknown_grant_or_missing_fields() {
        assertProblem(http.postJson("/api/v1/auth/token", "{\"grant_type\":\"client_credentials\"}"), 400, "validation");
        assertProblem(http.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\"x\"}"), 400,
                "validation");
        assertProblem(http.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\"nobody-"
                + UUID.randomUUID() + "\",\"password\":\"x\"}"), 401, "unauthorized");
    }

    @Test
    void should_authenticate_service_with_api_key_and_its_role_only() {
        // given
        TestUser admin = user("superadmin");
        Http.Answer created = http.postJson("/api/v1/admin/api-keys",
                "{\"name\":\"svc-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"user\"}",
                Http.bearer(admin.accessToken()));
        String key = created.json().path("apiKey").asText();

        // when / then
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(key).startsWith("mhk_");
        assertThat(count("SELECT count(*) FROM api_key WHERE key_hash = ?", key)).as("stored hashed").isZero();
        assertThat(callUserEndpoint("X-Api-Key", key).status()).isEqualTo(202);
        assertProblem(callAdminEndpoint("X-Api-Key", key), 403, "forbidden");
        assertProblem(callUserEndpoint("X-Api-Key", "mhk_wrong"), 401, "unauthorized");
    }

    @Test
    void should_publish_signing_key_in_jwks_without_private_parts() {
        Http.Answer jwks = http.get("/.well-known/jwks.json");

        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().path("keys").get(0).path("kid").asText()).isEqualTo(signingKeys.current().getKeyID());
        assertThat(jwks.json().path("keys").get(0).path("alg").asText()).isEqualTo("RS256");
        assertThat(jwks.json().path("keys").get(0).has("d")).isFalse();
    }
}
