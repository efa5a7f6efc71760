package com.misybot.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the integration tests: the whole hub on a random port against the real PostgreSQL, Redis and RabbitMQ
 * (profiles services + test, in-process MongoDB), driven over real HTTP.
 */
@ExtendWith(RequiredServices.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"services", "test"})
@Import(TestTracing.class)
@AutoConfigureObservability(tracing = false)
public abstract class HubIntegrationTest {

    protected static final String STRONG_PASSWORD = "correct-horse-battery";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Http http;

    /** A user created for one test, with a fresh access token. */
    public record TestUser(String id, String username, String accessToken, String refreshToken) {
    }

    @BeforeEach
    void setUpHttp() {
        http = new Http(port);
    }

    /** Creates a user with {@code roles} (directly in app_user) and logs it in through POST /api/v1/auth/token. */
    protected TestUser user(String... roles) {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 12);
        String hash = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(STRONG_PASSWORD);
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO app_user (id, username, password_hash, roles) VALUES (?, ?, ?, ?::text[])",
                id, username, hash, Arrays.stream(roles).collect(Collectors.joining(",", "{", "}")));
        JsonNode token = login(username, STRONG_PASSWORD);
        return new TestUser(id.toString(), username, token.get("access_token").asText(),
                token.get("refresh_token").asText());
    }

    protected JsonNode login(String username, String password) {
        Http.Answer answer = http.postJson("/api/v1/auth/token",
                "{\"grant_type\":\"password\",\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    protected static String newSessionId() {
        return "s-" + UUID.randomUUID();
    }

    protected int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** Posts {@code text} to {@code session} as {@code owner} and waits up to 20 s for the agent's reply (200). */
    protected Http.Answer postAndAwaitReply(TestUser owner, String session, String text) {
        Http.Answer answer = http.postJson("/api/v1/sessions/" + session + "/messages?wait=20",
                "{\"text\":" + jsonString(text) + "}", Http.bearer(owner.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    /** Waits until every turn of {@code session} is embedded (the turn-embedding route runs every 200 ms here). */
    protected void awaitTurnsEmbedded(String session) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> count("SELECT count(*) FROM context_turn "
                        + "WHERE session_id = ? AND embedded_at IS NULL", session) == 0);
    }

    /** {@code text} as a JSON string literal. */
    protected static String jsonString(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    protected static void assertProblem(Http.Answer answer, int status, String typeSuffix) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("type").asText()).endsWith(typeSuffix);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("correlationId").asText()).isEqualTo(answer.header("X-Correlation-Id"));
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
