package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF allow-list on its own: schemes, hosts, literal forms, and what names resolve to (a fake DNS table). */
class OutboundUrlPolicyTest {

    /** A DNS table instead of the network: names not in it do not resolve. */
    private static final Map<String, String[]> DNS = Map.of(
            "api.example.com", new String[] {"93.184.215.14"},
            "cdn.example.com", new String[] {"93.184.215.15", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
            "localhost", new String[] {"127.0.0.1", "::1"},
            "rebind.example.com", new String[] {"93.184.215.14", "10.0.0.7"},
            "metadata.example.com", new String[] {"169.254.169.254"},
            "internal.corp", new String[] {"10.1.2.3"},
            "metadata.google.internal", new String[] {"169.254.169.254"});

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            result[i] = InetAddress.getByName(addresses[i]);
        }
        return result;
    }

    private static OutboundUrlPolicy policy(String... hosts) {
        return new OutboundUrlPolicy(List.of("http", "https"), List.of(hosts), OutboundUrlPolicyTest::resolve);
    }

    private static void assertRefused(OutboundUrlPolicy policy, String url, String reasonPart) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(OutboundUrlRefusedException.class)
                .satisfies(e -> assertThat(((OutboundUrlRefusedException) e).reason()).contains(reasonPart));
    }

    @Test
    void should_allow_a_listed_public_host_when_every_address_is_public() {
        // given
        OutboundUrlPolicy policy = policy("api.example.com", "*.example.com");
        // when / then
        assertThat(policy.check("https://api.example.com/v1/posts").getHost()).isEqualTo("api.example.com");
        assertThat(policy.check("http://CDN.Example.com./x").getPath()).isEqualTo("/x");
        assertThat(policy.checkConnection("https", "cdn.example.com", 443)).hasSize(2);
    }

    @Test
    void should_refuse_hosts_schemes_and_ports_that_are_not_listed() {
        assertRefused(policy("api.example.com:443"), "http://api.example.com/x", "(port 80) is not in");
        OutboundUrlPolicy policy = policy("*.example.com");
        assertRefused(policy, "https://evil.test/x", "host evil.test (port 443) is not in");
        assertRefused(policy, "ftp://cdn.example.com/x", "scheme ftp is not allowed");
        assertRefused(policy, "file:///etc/passwd", "not an absolute URL with a host");
        assertRefused(policy, "gopher://cdn.example.com:6379/_INFO", "scheme gopher is not allowed");
        // *.example.com is the subdomains, not example.com itself nor lookalikes
        assertRefused(policy, "https://example.com/", "is not in");
        assertRefused(policy, "https://evilexample.com/", "is not in");
        assertRefused(policy, "https://api.example.com.evil.test/", "is not in");
        assertRefused(policy, "", "empty");
        assertRefused(policy, "http://exa mple.com/", "not a valid URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://127.0.0.2:8080/", "http://10.0.0.1/", "http://172.16.0.1/",
            "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
            "http://0.0.0.0/", "http://224.0.0.1/", "http://100.64.0.1/", "http://255.255.255.255/",
            "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
            "http://[ff02::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
            "http://[::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/"})
    void should_refuse_special_ip_literals_even_when_any_host_is_allowed(String url) {
        assertRefused(policy("*"), url, "address");
    }

    @Test
    void should_name_the_kind_of_address_refused() {
        OutboundUrlPolicy policy = policy("*");
        assertRefused(policy, "http://127.0.0.1/", "127.0.0.1 is a loopback address");
        assertRefused(policy, "http://169.254.169.254/", "link-local (cloud metadata)");
        assertRefused(policy, "http://192.168.0.10/", "192.168.0.10 is a private address");
        assertRefused(policy, "http://[::ffff:127.0.0.1]/", "127.0.0.1 is a loopback address");
        assertRefused(policy, "http://[fe80::1]/", "a link-local address");
        assertRefused(policy, "http://[::]/", "an unspecified address");
        assertRefused(policy, "http://239.1.1.1/", "a multicast address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f.1/", "http://0x7f000001/", "http://0177.0.0.1/",
            "http://017700000001/", "http://127.1/", "http://127.0.1/", "http://0x7f.0x0.0x0.0x1/",
            "http://127.000.000.001/", "http://2130706433:8080/x", "http://3232235521/"})
    void should_refuse_decimal_octal_and_hex_ipv4_forms(String url) {
        // even with every address allowed explicitly: the form itself is ambiguous between parsers
        assertRefused(policy("*", "0.0.0.0/0"), url, "non-canonical form");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://allowed@127.0.0.1/", "http://api.example.com@127.0.0.1/",
            "http://user:pass@api.example.com/", "http://api.example.com:443@127.0.0.1:80/",
            "http://@api.example.com/"})
    void should_refuse_user_information_tricks(String url) {
        assertRefused(policy("api.example.com", "allowed"), url, "user information");
    }

    @Test
    void should_not_be_fooled_by_fragments_and_backslashes() {
        OutboundUrlPolicy policy = policy("api.example.com");
        // the host is 127.0.0.1, whatever follows
        assertRefused(policy, "http://127.0.0.1#@api.example.com/", "host 127.0.0.1 (port 80) is not in");
        assertRefused(policy, "http://127.0.0.1\\@api.example.com/", "not a valid URL");
    }

    @Test
    void should_refuse_names_that_resolve_to_special_addresses() {
        OutboundUrlPolicy policy = policy("*");
        assertRefused(policy, "http://localhost:8080/", "localhost resolves to 127.0.0.1, a loopback address");
        assertRefused(policy, "http://localhost./", "localhost resolves to 127.0.0.1");
        assertRefused(policy, "https://metadata.example.com/", "resolves to 169.254.169.254");
        // one private address among public ones is enough
        assertRefused(policy, "https://rebind.example.com/", "resolves to 10.0.0.7, a private address");
        assertRefused(policy, "https://unknown.example.com/", "does not resolve");
        assertRefused(policy, "http://metadata.google.internal/computeMetadata/v1/", "cloud metadata host name");
    }

    @Test
    void should_allow_special_addresses_only_where_an_ip_or_cidr_entry_names_them() {
        // given: the internal adapter's name and its network, and one loopback port
        OutboundUrlPolicy policy = policy("internal.corp", "10.1.2.0/24", "127.0.0.1:8080");
        // when / then
        assertThat(policy.check("http://internal.corp/posts").getHost()).isEqualTo("internal.corp");
        assertThat(policy.check("http://127.0.0.1:8080/api").getPort()).isEqualTo(8080);
        assertRefused(policy, "http://127.0.0.1:5432/", "host 127.0.0.1 (port 5432) is not in");
        assertRefused(policy, "http://10.1.3.1/", "host 10.1.3.1 (port 80) is not in");
        // a name entry never allows the special address it resolves to
        assertRefused(policy("localhost"), "http://localhost/", "localhost resolves to 127.0.0.1");
    }

    @Test
    void should_allow_the_own_address_on_its_port_only() {
        // given: the embedded default, sandbox on port 8080
        OutboundUrlPolicy policy = policy("api.openai.com");
        policy.allowOwnAddress(8080);
        // when / then
        assertThat(policy.check("http://localhost:8080/api/v1/sandbox/platforms/tiktok/posts").getPort())
                .isEqualTo(8080);
        assertThat(policy.check("http://[::1]:8080/").getPort()).isEqualTo(8080);
        assertRefused(policy, "http://localhost:6379/", "host localhost (port 6379) is not in");
        assertRefused(policy, "http://127.0.0.2:8080/", "host 127.0.0.2 (port 8080) is not in");
        assertRefused(policy, "http://10.0.0.1:8080/", "is not in");
    }

    @Test
    void should_refuse_a_metadata_name_unless_listed_exactly() {
        OutboundUrlPolicy wildcard = policy("*.internal", "169.254.169.254");
        assertRefused(wildcard, "http://metadata.google.internal/", "cloud metadata host name");
        OutboundUrlPolicy exact = policy("metadata.google.internal", "169.254.169.254");
        assertThat(exact.check("http://metadata.google.internal/").getHost()).isEqualTo("metadata.google.internal");
    }

    @Test
    void should_answer_400_problem_for_a_url_set_through_an_api() {
        assertThatThrownBy(() -> policy("api.example.com").requireAllowed("webhookUrl", "http://10.0.0.1/hook"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.OUTBOUND_URL_REFUSED);
                    assertThat(e.type().status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("webhookUrl is not an allowed URL: host 10.0.0.1");
                });
    }

    @Test
    void should_name_the_property_when_a_configured_url_is_refused() {
        assertThatThrownBy(() -> policy("api.example.com").requireConfigured("hub.llm.openai.base-url",
                "http://169.254.169.254/v1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("hub.llm.openai.base-url=http://169.254.169.254/v1 is refused by "
                        + "hub.security.outbound: host 169.254.169.254 (port 80) is not in "
                        + "hub.security.outbound.allowed-hosts");
    }

    @Test
    void should_report_a_refused_configured_url_as_a_startup_failure_analysis() {
        // given: the refusal as Spring reports it, wrapped in a bean creation failure
        Throwable refusal = org.assertj.core.api.Assertions.catchThrowable(() -> policy("*")
                .requireConfigured("hub.publish.platforms.tiktok.url", "http://localhost:9/posts"));
        // when
        var analysis = new OutboundUrlFailureAnalyzer().analyze(
                new org.springframework.beans.factory.BeanCreationException("viralizationSteps", "failed", refusal));
        // then
        assertThat(analysis.getDescription()).isEqualTo("hub.publish.platforms.tiktok.url=http://localhost:9/posts "
                + "is refused by hub.security.outbound: localhost resolves to 127.0.0.1, a loopback address (allow "
                + "it with an IP or CIDR entry in hub.security.outbound.allowed-hosts).");
        assertThat(analysis.getAction()).startsWith("Correct hub.publish.platforms.tiktok.url, or");
    }

    @Test
    void should_refuse_invalid_allow_list_entries_at_start() {
        for (String entry : List.of("10.0.0.0/33", "*.*.example.com", "host:99999", "0x7f.1/8", "[::1")) {
            assertThatThrownBy(() -> policy(entry)).as(entry).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("hub.security.outbound.allowed-hosts entry '" + entry + "'");
        }
    }
}
