package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.misybot.hub.support.ThrowawayCertificate;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.Test;

/**
 * The route planner camel-http uses, on a real Apache HttpClient against local servers: it connects to the address
 * the policy checked (no second DNS lookup), TLS still verifies the host name, and a refused host is never contacted.
 */
class OutboundRoutePlannerTest {

    private final List<String> hosts = new CopyOnWriteArrayList<>();

    private static CloseableHttpClient client(OutboundUrlPolicy policy, SSLContext tls) {
        return HttpClients.custom().setRoutePlanner(new OutboundRoutePlanner(policy)).disableRedirectHandling()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls)).build())
                .build();
    }

    private HttpServer record(HttpServer server) {
        server.createContext("/", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void should_connect_to_the_checked_address_without_resolving_the_name_again() throws Exception {
        // given: a name only the policy's resolver knows (the system DNS does not), pointing at a local server
        HttpServer server = record(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        int port = server.getAddress().getPort();
        OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("http"), List.of("127.0.0.1:" + port,
                "platform.invalid:" + port), host -> {
                    if (!host.equals("platform.invalid")) {
                        throw new UnknownHostException(host);
                    }
                    return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                });
        try (CloseableHttpClient client = client(policy, SSLContext.getDefault())) {
            // when
            int status = client.execute(new HttpGet("http://platform.invalid:" + port + "/posts"), r -> r.getCode());
            // then: reached through the pinned address, with the name kept in the Host header
            assertThat(status).isEqualTo(204);
            assertThat(hosts).containsExactly("platform.invalid:" + port);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void should_verify_the_tls_certificate_against_the_host_name_not_the_pinned_address() throws Exception {
        // given: an HTTPS server whose certificate names localhost only (no IP), allowed on its port
        try (ThrowawayCertificate certificate = ThrowawayCertificate.create("SAN=dns:localhost")) {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
            record(server);
            int port = server.getAddress().getPort();
            OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("https"), List.of("localhost:" + port,
                    "127.0.0.1:" + port, "[::1]:" + port));
            try (CloseableHttpClient client = client(policy, certificate.trustingContext())) {
                // when
                int status = client.execute(new HttpGet("https://localhost:" + port + "/posts"), r -> r.getCode());
                Throwable byAddress = catchThrowable(() -> client.execute(
                        new HttpGet("https://127.0.0.1:" + port + "/posts"), r -> r.getCode()));
                // then: the handshake accepted "localhost" although the connection went to 127.0.0.1, and host
                // name verification is on (the same server by its address does not match the certificate)
                assertThat(status).isEqualTo(204);
                assertThat(hosts).containsExactly("localhost:" + port);
                assertThat(byAddress).isInstanceOf(javax.net.ssl.SSLException.class);
            } finally {
                server.stop(0);
            }
        }
    }

    @Test
    void should_never_contact_a_host_the_policy_refuses() throws Exception {
        // given: a server on 127.0.0.1, and a policy that allows only public addresses
        HttpServer server = record(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        int port = server.getAddress().getPort();
        OutboundUrlPolicy policy = new OutboundUrlPolicy(List.of("http", "https"), List.of("*"));
        try (CloseableHttpClient client = client(policy, SSLContext.getDefault())) {
            // when
            Throwable refused = catchThrowable(() -> client.execute(
                    new HttpGet("http://localhost:" + port + "/posts"), r -> r.getCode()));
            // then
            assertThat(refused).isInstanceOf(OutboundUrlRefusedException.class)
                    .hasMessageContaining("localhost resolves to 127.0.0.1, a loopback address");
            assertThat(hosts).isEmpty();
        } finally {
            server.stop(0);
        }
    }
}
