package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * OWASP API3:2023 Broken Object Property Level Authorization. Excessive exposure: no answer of any GET a role may
 * call (the document's x-required-roles) carries a password hash, private key material, a stored refresh-token or
 * API-key hash, or, for an ordinary user, another user's id. Mass assignment: every operation with a request schema
 * refuses an unknown member with 400 naming it, and writes nothing.
 */
class PropertyExposureIT extends SecurityIntegrationTest {

    /** Secrets that must never be in an answer: bcrypt hashes, private JWK members, PEM private keys. */
    private static final List<Pattern> SECRETS = List.of(Pattern.compile("\\$2[aby]\\$\\d\\d\\$"),
            Pattern.compile("\"(d|p|q|dp|dq|qi)\"\\s*:"), Pattern.compile("private_?key", Pattern.CASE_INSENSITIVE),
            Pattern.compile("BEGIN [A-Z ]*PRIVATE KEY"), Pattern.compile("password_?hash", Pattern.CASE_INSENSITIVE),
            Pattern.compile("key_?hash|token_?hash", Pattern.CASE_INSENSITIVE));

    @Test
    void should_expose_no_secret_and_no_other_users_id_in_any_get_a_role_may_call() {
        // given: alice's objects (an ordinary user), a superadmin who rotated nothing but exists, stored hashes
        OpenApiContract contract = contract();
        TestUser superadmin = user("superadmin");
        OwnedObjects adminObjects = objectsOf(superadmin, superadmin);
        http.postJson("/api/v1/admin/api-keys", "{\"name\":\"owasp-exposure-" + System.nanoTime() + "\",\"role\":\"user\"}",
                Http.bearer(superadmin.accessToken()));
        List<String> storedHashes = new ArrayList<>(jdbc.queryForList("SELECT token_hash FROM refresh_token", String.class));
        storedHashes.addAll(jdbc.queryForList("SELECT key_hash FROM api_key", String.class));
        storedHashes.addAll(jdbc.queryForList("SELECT password_hash FROM app_user", String.class));

        // when: each role reads every GET it may call; a user's reads are of its own objects
        List<String> leaks = new ArrayList<>();
        int reads = 0;
        for (String role : OpenApiContract.ROLES) {
            TestUser caller = user(role);
            OwnedObjects own = role.equals("user") ? objectsOf(caller, superadmin) : adminObjects;
            for (OpenApiContract.Operation op : contract.operations()) {
                if (!op.method().equals("GET") || !(op.anonymous() || op.allows(role))) {
                    continue;
                }
                String body = op.streams() ? firstEvents(op.uri(own.pathValues()), caller.accessToken())
                        : call(op, own.pathValues(), null, Http.bearer(caller.accessToken())).body();
                reads++;
                for (Pattern secret : SECRETS) {
                    if (secret.matcher(body).find()) {
                        leaks.add(op + " as " + role + " matches " + secret + ": " + abbreviate(body));
                    }
                }
                for (String hash : storedHashes) {
                    // '!' is the password_hash of an account that cannot log in (an erased user): not a secret,
                    // and any text with an exclamation mark would "carry" it
                    if (hash.trim().length() >= 16 && body.contains(hash.trim())) {
                        leaks.add(op + " as " + role + " carries a stored hash");
                    }
                }
                if (role.equals("user") && body.contains(superadmin.id())) {
                    leaks.add(op + " as user carries another user's id: " + abbreviate(body));
                }
            }
        }

        // then
        assertThat(leaks).isEmpty();
        assertThat((long) reads).isGreaterThanOrEqualTo(contract.operations().stream().filter(o -> o.method().equals("GET")).count());
        System.out.println("API3: " + reads + " reads by 4 roles, no secret or foreign id exposed");
    }

    @Test
    void should_refuse_an_unknown_member_on_every_operation_with_a_request_schema() {
        // given
        OpenApiContract contract = contract();
        TestUser superadmin = user("superadmin");
        OwnedObjects objects = objectsOf(superadmin, superadmin);
        Map<String, String> before = quietFingerprint();

        // when / then
        for (OpenApiContract.Operation op : contract.withBody()) {
            String valid = validBody(op, objects.pathValues());
            // an object body gets the member; an array body (knowledge documents) gets it in its item
            String smuggled = valid.startsWith("[") ? valid.replaceFirst("^\\[\\{", "[{\"unexpected\":1,")
                    : valid.replaceFirst("^\\{", valid.equals("{}") ? "{\"unexpected\":1" : "{\"unexpected\":1,");
            Http.Answer answer = call(op, objects.pathValues(), smuggled, Http.bearer(superadmin.accessToken()));
            assertProblem(answer, 400, "validation");
            assertThat(answer.json().path("errors").toString()).as(op.toString()).contains("unexpected");
        }
        assertThat(fingerprint()).isEqualTo(before);
        System.out.println("API3: " + contract.withBody().size() + " operations with a request schema refuse unknown members");
    }

    /** The first second of a Server-Sent Events stream (it never ends by itself). */
    private String firstEvents(String path, String token) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Last-Event-ID", "0").build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            StringBuilder text = new StringBuilder();
            long deadline = System.currentTimeMillis() + 1500;
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[8192];
                while (System.currentTimeMillis() < deadline) {
                    if (in.available() > 0) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    } else {
                        sleep(50);
                    }
                }
            }
            return text.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }
}
