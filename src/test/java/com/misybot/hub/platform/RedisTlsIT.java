package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.HubApplication;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.ThrowawayCertificate;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * TLS to Redis as README "TLS" describes it (HUB_REDIS_URL=rediss://…, HUB_REDIS_TLS=true, HUB_REDIS_TLS_BUNDLE=
 * hub-services, HUB_SERVICES_CA): a redis-server of this test that speaks TLS only, on a free port, with a
 * certificate made at test time. The hub's cache goes through it; a hub that does not trust the CA does not start.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RedisTlsIT extends HubIntegrationTest {

    private static ThrowawayCertificate certificate;
    private static Process redis;
    private static int redisPort;

    @DynamicPropertySource
    static void redisOverTls(DynamicPropertyRegistry registry) throws Exception {
        certificate = ThrowawayCertificate.create();
        redisPort = freePort();
        redis = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(redisPort),
                "--bind", "127.0.0.1", "--tls-cert-file", certificate.certificateFile().toString(),
                "--tls-key-file", certificate.keyFile().toString(), "--tls-auth-clients", "no",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(Path.of("target", "redis-tls-it.log").toFile()).start();
        awaitPort(redisPort);
        // a hub of its own next to the shared one: its audit checkpoints go to a file of its own, as a replica's would
        registry.add("hub.audit.checkpoint-file", () -> "target/audit-checkpoints-RedisTlsIT.jsonl");
        registry.add("HUB_REDIS_URL", () -> "rediss://localhost:" + redisPort);
        registry.add("HUB_REDIS_TLS", () -> "true");
        registry.add("HUB_REDIS_TLS_BUNDLE", () -> "hub-services");
        registry.add("HUB_SERVICES_CA", () -> "file:" + certificate.certificateFile());
    }

    @AfterAll
    static void stop() throws Exception {
        redis.destroy();
        if (!redis.waitFor(10, TimeUnit.SECONDS)) {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        certificate.close();
    }

    @Autowired
    StringRedisTemplate redisTemplate;

    @Test
    void should_keep_the_cache_in_redis_over_tls_verified_against_the_bundle_ca() throws Exception {
        // given: an operator, who may see the readiness details
        TestUser operator = user("operator");
        String key = "tls-probe-" + UUID.randomUUID();
        // when: the hub writes through its Redis connection
        redisTemplate.opsForValue().set(key, "written by the hub");
        Http.Answer readiness = http.get("/actuator/health/readiness", Http.bearer(operator.accessToken()));
        // then: Redis is UP for the hub, and the TLS-only server holds the value (read with redis-cli over TLS)
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        JsonNode components = readiness.json().path("components");
        assertThat(components.path("redis").path("status").asText()).isEqualTo("UP");
        assertThat(redisCli("GET", key)).isEqualTo("written by the hub");
    }

    @Test
    void should_refuse_to_start_against_a_redis_whose_certificate_it_cannot_verify() {
        // when: a second hub with the same rediss:// URL but no CA configured (the JVM's default CAs)
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--hub.bus.transport=local",
                "--HUB_REDIS_URL=rediss://localhost:" + redisPort, "--HUB_REDIS_TLS=true",
                "--HUB_REDIS_TLS_BUNDLE=hub-services", "--HUB_SERVICES_CA="));
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(HubApplication.class)
                .profiles("services", "test").run(args.toArray(String[]::new)).close());
        // then: the TLS handshake failed on the certificate
        assertThat(failure).as("the hub started").isNotNull();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.add(t);
        }
        assertThat(chain).anySatisfy(t -> assertThat(t).isInstanceOf(SSLHandshakeException.class));
    }

    private static String redisCli(String... command) throws Exception {
        List<String> cli = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert",
                certificate.certificateFile().toString(), "-h", "localhost", "-p", String.valueOf(redisPort)));
        cli.addAll(List.of(command));
        Process process = new ProcessBuilder(cli).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " (see target/redis-tls-it.log)");
    }
}
