package com.misybot.hub.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * OWASP API8 (security misconfiguration) over real HTTP: the security headers on API, problem and console answers;
 * CORS closed except for the listed origin; only health, info, token, JWKS and the OpenAPI document anonymous; the
 * bench routes absent outside the bench profile and the sandbox platform anonymous only over loopback.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// a hub of its own next to the shared one (other CORS settings): it signs audit checkpoints into a file of its own, as
// two replicas would
@TestPropertySource(properties = {"hub.security.cors.allowed-origins=https://app.example.com",
        "hub.audit.checkpoint-file=target/audit-checkpoints-SecurityHeadersIT.jsonl"})
class SecurityHeadersIT extends HubIntegrationTest {

    private static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    private static final String LISTED = "https://app.example.com";
    private static final String UNLISTED = "https://evil.example.net";

    private static void assertApiHeaders(Http.Answer answer) {
        assertThat(answer.header("X-Content-Type-Options")).as("nosniff").isEqualTo("nosniff");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("Cache-Control")).contains("no-store");
        assertThat(answer.header("Content-Security-Policy")).isEqualTo(API_CSP);
        assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
        // plain HTTP: no HSTS (browsers ignore it there; it is sent over HTTPS, see TlsIT)
        assertThat(answer.header("Strict-Transport-Security")).isNull();
        assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void should_send_security_headers_on_api_and_problem_answers() {
        // given
        TestUser user = user("user");
        // when: a JSON answer of a route (async platform-http), a schema problem, a 401, a 404 and the health answer
        Http.Answer info = http.get("/api/v1/info", Http.bearer(user.accessToken()));
        Http.Answer invalid = http.postJson("/api/v1/sessions/" + newSessionId() + "/messages", "{\"text\":\"\"}",
                Http.bearer(user.accessToken()));
        Http.Answer anonymous = http.get("/api/v1/sessions/" + newSessionId());
        Http.Answer missing = http.get("/api/v1/no-such-thing", Http.bearer(user.accessToken()));
        Http.Answer health = http.get("/actuator/health/liveness");
        // then
        assertThat(info.status()).isEqualTo(200);
        assertProblem(invalid, 400, "validation");
        assertProblem(anonymous, 401, "unauthorized");
        assertProblem(missing, 404, "not-found");
        assertThat(health.status()).isEqualTo(200);
        for (Http.Answer answer : new Http.Answer[] {info, invalid, anonymous, missing, health}) {
            assertApiHeaders(answer);
        }
    }

    @Test
    void should_let_hawtio_frame_itself_and_keep_the_other_headers_on_console_answers() {
        // given: an operator logging in to the console with HTTP Basic
        TestUser operator = user("operator");
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (operator.username() + ":" + STRONG_PASSWORD).getBytes());
        // when
        Http.Answer page = http.get("/actuator/hawtio/", "Authorization", basic);
        Http.Answer refused = http.get("/actuator/hawtio/");
        // then: same-origin framing (Hawtio's own pages), Hawtio's CSP rather than the API's, nosniff, and Hawtio's
        // own cache policy (private, revalidated every time)
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.headers().allValues("Cache-Control")).hasSize(1).first().asString()
                .contains("private").contains("no-cache");
        assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1).first().asString()
                .isNotEqualTo(API_CSP).contains("script-src");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().allValues("X-Frame-Options")).containsExactly("SAMEORIGIN");
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void should_refuse_a_preflight_from_an_unlisted_origin_and_answer_the_listed_one() {
        // when
        Http.Answer unlisted = preflight(UNLISTED);
        Http.Answer listed = preflight(LISTED);
        // then
        assertProblem(unlisted, 403, "forbidden");
        assertThat(unlisted.header("Access-Control-Allow-Origin")).isNull();
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo(LISTED);
        assertThat(listed.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(listed.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(listed.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(listed.header("Access-Control-Max-Age")).isEqualTo("3600");
    }

    @Test
    void should_refuse_a_cross_origin_call_from_an_unlisted_origin_and_write_nothing() {
        // given
        TestUser user = user("user");
        String session = newSessionId();
        // when: a valid token, but the browser says the page came from another origin
        Http.Answer refused = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"hi\"}",
                "Authorization", "Bearer " + user.accessToken(), "Origin", UNLISTED);
        Http.Answer allowed = http.get("/api/v1/info", "Authorization", "Bearer " + user.accessToken(),
                "Origin", LISTED);
        // then
        assertProblem(refused, 403, "forbidden");
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", session)).isZero();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(LISTED);
        assertThat(allowed.header("Access-Control-Expose-Headers")).contains("X-Correlation-Id");
    }

    @Test
    void should_keep_everything_but_health_info_token_jwks_and_openapi_behind_authentication() {
        // anonymous and allowed
        assertThat(http.get("/actuator/health").status()).isEqualTo(200);
        assertThat(http.get("/actuator/info").status()).isEqualTo(200);
        assertThat(http.get("/.well-known/jwks.json").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/openapi.json").status()).isEqualTo(200);
        assertThat(http.postJson("/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\"nobody\","
                + "\"password\":\"wrong-password-1\"}").status()).isEqualTo(401);
        // anonymous and refused: the bench routes do not exist outside the bench profile, nothing else is open
        for (String path : new String[] {"/api/v1/info", "/actuator/prometheus", "/api/v1/bench/echo",
                "/api/v1/bench/bus", "/api/v1/sagas", "/api/v1/admin/dlq"}) {
            assertProblem(http.get(path), 401, "unauthorized");
        }
        assertProblem(http.postJson("/api/v1/bench/echo", "{}"), 401, "unauthorized");
        TestUser user = user("user");
        assertProblem(http.postJson("/api/v1/bench/echo", "{}", Http.bearer(user.accessToken())), 404, "not-found");
    }

    @Test
    void should_open_the_sandbox_platform_to_loopback_callers_only() throws Exception {
        // given: the sandbox is on in this profile; the same request over loopback and over the machine's address
        InetAddress external = nonLoopbackAddress();
        // when
        Http.Answer local = http.get("/api/v1/sandbox/platforms/tiktok/posts");
        HttpResponse<String> remote = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + external.getHostAddress() + ":" + port + "/api/v1/sandbox/platforms/tiktok/posts"))
                .build(), HttpResponse.BodyHandlers.ofString());
        // then
        assertThat(local.status()).isEqualTo(200);
        assertThat(remote.statusCode()).isEqualTo(401);
        assertThat(remote.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    private Http.Answer preflight(String origin) {
        return http.send("OPTIONS", "/api/v1/sessions/" + newSessionId() + "/messages", null, null,
                "Origin", origin, "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
    }

    /** An IPv4 address of this machine that is not loopback (the sandbox must not treat it as local). */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        throw new IllegalStateException("this test needs a non-loopback IPv4 interface to call the hub from");
    }
}
