package com.misybot.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.support.BusProbeRoutes;
import com.misybot.hub.support.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
                "--camel.main.jmx-enabled=false",
                // the test agent bus-probe (BusProbeRoutes) next to front-desk, with quick retries
                "--hub.bus.agents=front-desk,faq-responder,creative-synthesizer,video-scriptor,content-editor,trend-scanner,analytics-reporter,campaign-orchestrator,bus-probe",
                "--hub.bus.retry.initial-delay=PT0.01S");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void should_start_ready_without_services_and_keep_sessions_and_search_results_across_restart() throws Exception {
        // given: a first start on an empty data directory
        long started = System.nanoTime();
        String session = "embedded-1";
        String turnId;
        List<String> searchedBefore;
        String firstToken;
        try (ConfigurableApplicationContext first = start()) {
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            Http http = new Http(port(first));
            assertThat(http.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");
            assertThat(startup).as("ready within 30 s").isLessThan(Duration.ofSeconds(30));
            Path passwordFile = dataDir.resolve("initial-admin-password");
            assertThat(passwordFile).exists();
            String password = Files.readString(passwordFile).trim();
            String token = login(http, password);
            firstToken = token;

            // when
            Http.Answer posted = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"persist me\"}",
                    Http.bearer(token));
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            turnId = posted.json().path("turnId").asText();

            // the local (in-JVM) bus carries the outbox message to front-desk
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                    + "agent_event_log WHERE agent = 'front-desk' AND event_type = 'bus.received' AND session_id = ?",
                    Integer.class, session) == 1);
            // and dead-letters, lists and replays like the brokers do
            String messageId = UUID.randomUUID().toString();
            first.getBean(ProducerTemplate.class).sendBody("kamelet:agent-bus-sink?agent=bus-probe",
                    new Envelope(messageId, "probe.test", 1, "bus-probe", null, "corr-local", null, 4,
                            Instant.now().toString(), Map.of("mode", "fail")));
            await().atMost(Duration.ofSeconds(20)).until(() -> http.get("/api/v1/admin/dlq/bus-probe",
                    Http.bearer(token)).json().path("count").asInt() == 1);
            JsonNode letter = http.get("/api/v1/admin/dlq/bus-probe", Http.bearer(token)).json().path("messages").get(0);
            assertThat(letter.path("messageId").asText()).isEqualTo(messageId);
            assertThat(letter.path("headers").path("x-hub-attempts").asInt()).isEqualTo(5);
            assertThat(http.get("/api/v1/admin/dlq", Http.bearer(token)).json().path("transport").asText())
                    .isEqualTo("local");
            BusProbeRoutes.heal(messageId);
            assertThat(http.postJson("/api/v1/admin/dlq/bus-probe/replay", "{}", Http.bearer(token)).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("SELECT count(*) FROM "
                    + "agent_event_log WHERE event_type = 'probe.effect' AND payload->>'messageId' = ?",
                    Integer.class, messageId) == 1);
            // semantic memory: knowledge searched by meaning, and the posted turn embedded in the background
            assertThat(http.postJson("/api/v1/knowledge/faq/documents", KNOWLEDGE, Http.bearer(token)).status())
                    .isEqualTo(200);
            searchedBefore = search(http, token);
            assertThat(searchedBefore.get(0)).startsWith("reset-password@");
            await().atMost(Duration.ofSeconds(20)).until(() -> http.postJson("/api/v1/search",
                    "{\"query\":\"persist\",\"scope\":\"session\",\"sessionId\":\"" + session
                            + "\",\"minScore\":-1}", Http.bearer(token)).body().contains("\"text\":\"persist me\""));
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(dataDir.resolve("mongo/hub.mv")).exists();
        // the local master key and the audit signing key: created on first start, readable by the owner only
        for (String key : new String[] {"master-key.json", "audit-signing-key.json"}) {
            assertThat(java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(key)))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }

        // then: a second start on the same directory serves the stored session with the same admin password
        try (ConfigurableApplicationContext second = start()) {
            Http http = new Http(port(second));
            String token = login(http, Files.readString(dataDir.resolve("initial-admin-password")).trim());
            Http.Answer session1 = http.get("/api/v1/sessions/" + session, Http.bearer(token));
            assertThat(session1.status()).isEqualTo(200);
            assertThat(session1.json().path("turns").get(0).path("turnId").asText()).isEqualTo(turnId);
            assertThat(session1.json().path("turns").get(0).path("text").asText()).isEqualTo("persist me");
            // the search index was rebuilt from MongoDB (H2 file): the same results, in the same order
            assertThat(search(http, token)).isEqualTo(searchedBefore);
            // the signing key was read back from its ciphertext: a token of the first run still works, no key
            // material is stored in clear, and the audit chain (with its signed checkpoints) verifies
            assertThat(http.get("/api/v1/sessions/" + session, Http.bearer(firstToken)).status()).isEqualTo(200);
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM jwt_signing_key WHERE private_key IS NOT NULL "
                    + "OR jwt_signing_key::text LIKE '%\"d\":\"%'", Integer.class)).isZero();
            JsonNode verified = http.get("/api/v1/admin/audit/verify", Http.bearer(token)).json();
            assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.path("checked").asInt()).isPositive();
        }
    }

    /** ids@scores of the ANN and the exact search for a paraphrase. */
    private static List<String> search(Http http, String token) {
        List<String> hits = new ArrayList<>();
        for (boolean exact : new boolean[] {false, true}) {
            Http.Answer answer = http.postJson("/api/v1/search", "{\"query\":\"I forgot my password\","
                    + "\"collection\":\"faq\",\"minScore\":-1,\"exact\":" + exact + "}", Http.bearer(token));
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            answer.json().path("results").forEach(r -> hits.add(r.path("id").asText() + "@" + r.path("score").asText()));
        }
        return hits;
    }

    private static final String KNOWLEDGE = """
            [{"id":"reset-password","text":"To reset your password, open Settings, choose Security and click Reset."},
             {"id":"delivery-time","text":"Orders are delivered within three to five business days."},
             {"id":"cancel-plan","text":"You can cancel your subscription at any time from the Billing page."}]""";

    private static String login(Http http, String password) {
        Http.Answer token = http.postJson("/api/v1/auth/token",
                "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"" + password + "\"}");
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return token.json().path("access_token").asText();
    }
}
