package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.ThrowawayCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTPS through the SSL bundle of application.yaml, configured by its environment variables (HUB_TLS_ENABLED,
 * HUB_TLS_CERTIFICATE, HUB_TLS_PRIVATE_KEY, HUB_TLS_PROTOCOLS=TLSv1.3): a throwaway self-signed certificate made
 * with keytool at test time (no key is committed), the hub on a random port, real TLS clients.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TlsIT extends HubIntegrationTest {

    private static ThrowawayCertificate certificate;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) throws Exception {
        certificate = ThrowawayCertificate.create();
        // a hub of its own next to the shared one: its audit checkpoints go to a file of its own, as a replica's would
        registry.add("hub.audit.checkpoint-file", () -> "target/audit-checkpoints-TlsIT.jsonl");
        registry.add("HUB_TLS_ENABLED", () -> "true");
        registry.add("HUB_TLS_PROTOCOLS", () -> "TLSv1.3");
        registry.add("HUB_TLS_CERTIFICATE", () -> "file:" + certificate.certificateFile());
        registry.add("HUB_TLS_PRIVATE_KEY", () -> "file:" + certificate.keyFile());
    }

    /** The throwaway key never outlives the test class. */
    @AfterAll
    static void deleteKeys() throws IOException {
        certificate.close();
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
                assertThat(session.getPeerCertificates()[0]).isEqualTo(certificate.certificate());
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
        SSLContext context = certificate.trustingContext();
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5));
        if (protocol != null) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
