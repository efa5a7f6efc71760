package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.misybot.hub.support.HubIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTPS through the SSL bundle of application.yaml, configured by its environment variables (HUB_TLS_ENABLED,
 * HUB_TLS_CERTIFICATE, HUB_TLS_PRIVATE_KEY, HUB_TLS_PROTOCOLS=TLSv1.3): a throwaway self-signed certificate made
 * with keytool in a temporary folder (no key is committed), the hub on a random port, real TLS clients.
 */
class TlsIT extends HubIntegrationTest {

    private static final String STORE_PASSWORD = "throwaway-" + System.nanoTime();
    private static Path dir;
    private static KeyStore keys;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("hub-tls-it");
        keys = selfSigned(dir);
        registry.add("HUB_TLS_ENABLED", () -> "true");
        registry.add("HUB_TLS_PROTOCOLS", () -> "TLSv1.3");
        registry.add("HUB_TLS_CERTIFICATE", () -> "file:" + dir.resolve("hub.crt"));
        registry.add("HUB_TLS_PRIVATE_KEY", () -> "file:" + dir.resolve("hub.key"));
    }

    @Test
    void should_serve_health_over_tls13_with_the_bundle_certificate() throws Exception {
        // when
        HttpResponse<String> health = client(null).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        // then: TLS 1.3 with our certificate, and HSTS now that the answer came over HTTPS
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.sslSession()).hasValueSatisfying(session -> {
            assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
            try {
                assertThat(session.getPeerCertificates()[0]).isEqualTo(keys.getCertificate("hub"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                h -> assertThat(h).contains("max-age="));
    }

    @Test
    void should_refuse_a_tls12_only_client_when_tls13_only_is_configured() {
        // when
        Throwable failure = catchThrowable(() -> client("TLSv1.2").send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
        // then
        assertThat(failure).isInstanceOf(IOException.class);
        assertThat(rootCause(failure)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void should_not_serve_plain_http_on_the_tls_port() throws Exception {
        // when: a plain HTTP request on the same port
        String answer;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        // then: no health answer, Tomcat's 400 saying the port requires TLS
        assertThat(answer).doesNotContain("\"status\"").startsWith("HTTP/1.1 400")
                .contains("This combination of host and port requires TLS.");
    }

    /** An HTTP client trusting only the throwaway certificate; {@code protocol} limits the TLS versions it offers. */
    private static HttpClient client(String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hub", keys.getCertificate("hub"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5));
        if (protocol != null) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    /**
     * keytool makes a self-signed EC key pair for localhost / 127.0.0.1 (valid one day) in a PKCS12 file; its
     * certificate and PKCS#8 key are written as PEM next to it.
     */
    private static KeyStore selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("hub.p12");
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "1",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, STORE_PASSWORD.toCharArray());
        }
        Certificate certificate = keyStore.getCertificate("hub");
        Files.writeString(dir.resolve("hub.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(dir.resolve("hub.key"), pem("PRIVATE KEY",
                keyStore.getKey("hub", STORE_PASSWORD.toCharArray()).getEncoded()));
        return keyStore;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The throwaway key never outlives the test class. */
    @AfterAll
    static void deleteKeys() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
