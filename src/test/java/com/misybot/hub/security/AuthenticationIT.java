package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.governance.security.SigningKeys;
import com.misybot.hub.support.Http;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * OWASP API2:2023 Broken Authentication, over every authenticated operation of the OpenAPI document: an expired
 * token, a tampered payload, {@code alg=none}, HS256 signed with the hub's RSA public key as the HMAC secret (key
 * confusion), an unknown {@code kid}, a key smuggled in the {@code jwk}/{@code jku} header, a foreign issuer, a
 * refresh token presented as an access token and a wrong API key are each refused with a 401 problem, and nothing
 * is written. AuthIT covers the token endpoint itself (rotation, replay, throttling per username); this class adds
 * the replay of a refresh token two rotations back and the throttle reached through the console's HTTP Basic.
 */
class AuthenticationIT extends SecurityIntegrationTest {

    @Autowired
    SigningKeys signingKeys;

    @Value("${hub.security.jwt.issuer}")
    String issuer;

    @Test
    void should_refuse_every_forged_or_stale_credential_on_every_authenticated_operation() throws Exception {
        // given: the hub's published key (as an attacker sees it) and a superadmin's identity to impersonate
        OpenApiContract contract = contract();
        TestUser admin = user("superadmin");
        OwnedObjects objects = objectsOf(admin, admin);
        Map<String, String> forged = forgedCredentials(admin);
        List<OpenApiContract.Operation> authenticated = contract.operations().stream()
                .filter(op -> !op.anonymous()).toList();
        Map<String, String> before = quietFingerprint();

        // when
        List<String> accepted = new ArrayList<>();
        int calls = 0;
        for (OpenApiContract.Operation op : authenticated) {
            String body = validBody(op, objects.pathValues());
            for (Map.Entry<String, String> credential : forged.entrySet()) {
                String[] header = credential.getKey().equals("wrong API key")
                        ? new String[] {"X-Api-Key", credential.getValue()} : Http.bearer(credential.getValue());
                Http.Answer answer = call(op, objects.pathValues(), body, header);
                calls++;
                if (answer.status() != 401) {
                    accepted.add(op + " with " + credential.getKey() + " answered " + answer.status() + " " + answer.body());
                } else {
                    assertProblem(answer, 401, "unauthorized");
                }
            }
        }

        // then
        assertThat(accepted).isEmpty();
        assertThat(fingerprint()).isEqualTo(before);
        System.out.println("API2: " + authenticated.size() + " authenticated operations x " + forged.size()
                + " forged credentials = " + calls + " calls, all 401");
    }

    @Test
    void should_keep_a_refresh_token_family_revoked_after_a_replay_two_rotations_back() {
        // given: a login and two rotations
        TestUser alice = user("user");
        JsonNode second = refresh(alice.refreshToken()).json();
        JsonNode third = refresh(second.path("refresh_token").asText()).json();

        // when: the first refresh token comes back (stolen), then the legitimate holder rotates again
        Http.Answer replay = refresh(alice.refreshToken());
        Http.Answer legitimate = refresh(third.path("refresh_token").asText());
        Http.Answer middle = refresh(second.path("refresh_token").asText());

        // then: the whole family is revoked
        assertProblem(replay, 401, "unauthorized");
        assertProblem(legitimate, 401, "unauthorized");
        assertProblem(middle, 401, "unauthorized");
        assertThat(count("SELECT count(*) FROM refresh_token t JOIN app_user u ON u.id = t.user_id "
                + "WHERE u.username = ? AND t.revoked_at IS NULL", alice.username())).isZero();
    }

    @Test
    void should_throttle_password_guessing_through_the_console_basic_login_too() {
        // given: the test profile locks a username after 3 failures
        TestUser operator = user("operator");
        String wrong = Base64.getEncoder().encodeToString((operator.username() + ":nope").getBytes(StandardCharsets.UTF_8));
        String right = Base64.getEncoder().encodeToString((operator.username() + ":" + STRONG_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));

        // when: guesses through HTTP Basic on the console, then the right password on the token endpoint
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("/actuator/jolokia/version", "Authorization", "Basic " + wrong).status()).isEqualTo(401);
        }
        Http.Answer console = http.get("/actuator/jolokia/version", "Authorization", "Basic " + right);
        Http.Answer token = http.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\""
                + operator.username() + "\",\"password\":\"" + STRONG_PASSWORD + "\"}");

        // then: both doors share one counter
        assertThat(console.status()).isEqualTo(401);
        assertProblem(token, 429, "too-many-requests");
        assertThat(Long.parseLong(token.header("Retry-After"))).isPositive();
    }

    private Http.Answer refresh(String token) {
        return http.postJson("/api/v1/auth/token", "{\"grant_type\":\"refresh_token\",\"refresh_token\":\"" + token + "\"}");
    }

    /** Credentials an attacker can make, each carrying superadmin's id and every role. */
    private Map<String, String> forgedCredentials(TestUser admin) throws Exception {
        List<String> roles = List.of("superadmin", "operator", "auditor", "user");
        JsonNode jwks = http.get("/.well-known/jwks.json").json();
        RSAKey published = RSAKey.parse(jwks.path("keys").get(0).toString());
        RSAKey hubKey = signingKeys.current();
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(published.getKeyID()).generate();
        Instant now = Instant.now();

        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("expired token", sign(hubKey, header(hubKey.getKeyID()), claims(admin.id(), roles, issuer,
                now.minusSeconds(3600))));
        forged.put("tampered payload", tampered(admin));
        forged.put("alg=none", unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims(admin.id(), roles, issuer,
                now.plusSeconds(600))));
        forged.put("alg=None", unsigned("{\"alg\":\"None\",\"typ\":\"JWT\"}", claims(admin.id(), roles, issuer,
                now.plusSeconds(600))));
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(published.toPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        JWTClaimsSet valid = claims(admin.id(), roles, issuer, now.plusSeconds(600));
        forged.put("HS256 with the public key PEM as secret", hmac(published.getKeyID(), pem.getBytes(StandardCharsets.UTF_8), valid));
        forged.put("HS256 with the public key DER as secret", hmac(published.getKeyID(),
                published.toPublicKey().getEncoded(), valid));
        forged.put("HS256 with the JWK JSON as secret", hmac(published.getKeyID(),
                published.toJSONString().getBytes(StandardCharsets.UTF_8), valid));
        forged.put("unknown kid", sign(attacker, header("kid-" + java.util.UUID.randomUUID()), valid));
        forged.put("foreign key with the hub's kid", sign(attacker, header(published.getKeyID()), valid));
        forged.put("foreign key embedded as jwk", sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT).keyID(attacker.getKeyID()).jwk(attacker.toPublicJWK()).build(), valid));
        forged.put("foreign key set in jku", sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT).keyID("attacker").jwkURL(URI.create("http://127.0.0.1:9/jwks.json")).build(), valid));
        forged.put("foreign issuer", sign(hubKey, header(hubKey.getKeyID()), claims(admin.id(), roles,
                "https://evil.example", now.plusSeconds(600))));
        forged.put("refresh token as bearer", admin.refreshToken());
        forged.put("garbage", "not.a.jwt");
        forged.put("wrong API key", "mhk_" + "0".repeat(40));
        return forged;
    }

    /** The user's own valid token with its roles claim rewritten to superadmin; the signature is left as it was. */
    private String tampered(TestUser admin) {
        TestUser plain = user("user");
        String[] parts = plain.accessToken().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"user\"", "\"superadmin\"");
        assertThat(payload).contains("superadmin");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static JWSHeader header(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build();
    }

    private static JWTClaimsSet claims(String subject, List<String> roles, String issuer, Instant expiresAt) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).claim("roles", roles)
                .issueTime(Date.from(expiresAt.minusSeconds(900))).expirationTime(Date.from(expiresAt))
                .jwtID(java.util.UUID.randomUUID().toString()).build();
    }

    private static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner(key.toRSAKey()));
        return jwt.serialize();
    }

    private static String unsigned(String header, JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The key-confusion token: header alg HS256, HMAC-SHA256 over header.payload keyed with public material. */
    private static String hmac(String kid, byte[] secret, JWTClaimsSet claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }
}
