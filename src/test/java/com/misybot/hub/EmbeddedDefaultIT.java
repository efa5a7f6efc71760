package com.misybot.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default as a newcomer runs it: no profile and no external service (zonky PostgreSQL, in-process
 * MongoDB on H2), ready quickly, and what was stored is still there after a restart on the same data directory.
 */
class EmbeddedDefaultIT {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(HubApplication.class).run(
                "--server.port=0",
                "--hub.embedded.data-dir=" + dataDir,
                // a second CamelContext in this JVM (the services one is cached): keep JMX names apart
                "--camel.main.jmx-enabled=false");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void should_start_ready_without_services_and_keep_sessions_across_restart() throws Exception {
        // given: a first start on an empty data directory
        long started = System.nanoTime();
        String session = "embedded-1";
        String turnId;
        try (ConfigurableApplicationContext first = start()) {
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            Http http = new Http(port(first));
            assertThat(http.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");
            assertThat(startup).as("ready within 30 s").isLessThan(Duration.ofSeconds(30));
            Path passwordFile = dataDir.resolve("initial-admin-password");
            assertThat(passwordFile).exists();
            String password = Files.readString(passwordFile).trim();
            String token = login(http, password);

            // when
            Http.Answer posted = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"persist me\"}",
                    Http.bearer(token));
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            turnId = posted.json().path("turnId").asText();
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dataDir.resolve("mongo/hub.mv")).exists();

        // then: a second start on the same directory serves the stored session with the same admin password
        try (ConfigurableApplicationContext second = start()) {
            Http http = new Http(port(second));
            String token = login(http, Files.readString(dataDir.resolve("initial-admin-password")).trim());
            Http.Answer session1 = http.get("/api/v1/sessions/" + session, Http.bearer(token));
            assertThat(session1.status()).isEqualTo(200);
            assertThat(session1.json().path("turns").get(0).path("turnId").asText()).isEqualTo(turnId);
            assertThat(session1.json().path("turns").get(0).path("text").asText()).isEqualTo("persist me");
        }
    }

    private static String login(Http http, String password) {
        Http.Answer token = http.postJson("/api/v1/auth/token",
                "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"" + password + "\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return token.json().path("access_token").asText();
    }
}
