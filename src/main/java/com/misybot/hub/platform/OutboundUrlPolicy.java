package com.misybot.hub.platform;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which URLs the hub may call (OWASP API7, SSRF): every operator- or caller-set URL (publish platforms, the LLM
 * base URL, any {@code http(s):} endpoint of a Camel route) passes {@link #check} before use. A URL is allowed when
 * its scheme is allowed, it carries no user information, its host matches {@code allowed-hosts}, and every address
 * the host resolves to is public — a loopback, private, link-local (cloud metadata), unspecified, multicast or
 * otherwise special address only when an IP or CIDR entry of {@code allowed-hosts} names it. IPv4 literals must be
 * written as four decimal parts ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1} are refused);
 * IPv4 addresses inside IPv6 ({@code ::ffff:127.0.0.1}, NAT64, 6to4) count as the IPv4 address. Plain Java.
 */
public final class OutboundUrlPolicy {

    /** Resolves a host name to all its addresses (tests replace DNS with a table). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Cloud metadata host names; refused unless an entry names them exactly. */
    private static final Set<String> METADATA_HOSTS = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.platformequinix.com");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern CANONICAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final String SETTING = "hub.security.outbound.allowed-hosts";

    private final Set<String> schemes;
    private final List<Entry> entries;
    private final Resolver resolver;

    public OutboundUrlPolicy(Collection<String> allowedSchemes, Collection<String> allowedHosts, Resolver resolver) {
        this.schemes = allowedSchemes.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.entries = new CopyOnWriteArrayList<>();
        for (String entry : allowedHosts) {
            if (entry != null && !entry.isBlank()) {
                entries.add(Entry.parse(entry.trim()));
            }
        }
        this.resolver = resolver;
    }

    public OutboundUrlPolicy(Collection<String> allowedSchemes, Collection<String> allowedHosts) {
        this(allowedSchemes, allowedHosts, InetAddress::getAllByName);
    }

    /** Also allows the hub's own address on {@code port} (loopback only): where its sandbox platform is served. */
    public void allowOwnAddress(int port) {
        for (String entry : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port)) {
            entries.add(Entry.parse(entry));
        }
    }

    /** Checks {@code url} and returns it parsed; refused with the reason otherwise. */
    public URI check(String url) {
        if (url == null || url.isBlank()) {
            throw new OutboundUrlRefusedException(String.valueOf(url), "it is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new OutboundUrlRefusedException(url, "it is not a valid URL (" + e.getReason() + ")");
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
            throw new OutboundUrlRefusedException(url, "it is not an absolute URL with a host");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new OutboundUrlRefusedException(url, "scheme " + scheme + " is not allowed (allowed: "
                    + String.join(", ", schemes.stream().sorted().toList()) + ")");
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            throw new OutboundUrlRefusedException(url, "URLs with user information (user@host) are not allowed");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            // java.net.URI leaves the host empty for forms it cannot parse (e.g. 2130706433, 0x7f.1): check them as
            // written, so the reason names the form
            int colon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']'))
                    : authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = -1;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(authority.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new OutboundUrlRefusedException(url, "its port is not a number");
                }
            }
        }
        checkHost(url, scheme, host, port < 0 ? defaultPort(scheme) : port);
        return uri;
    }

    /**
     * Checks a connection about to be made to {@code host}:{@code port} and returns the addresses it may use (all
     * checked): clients connect to one of these, never resolving the name again.
     */
    public InetAddress[] checkConnection(String scheme, String host, int port) {
        String target = scheme + "://" + host + ":" + port;
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!schemes.contains(lower)) {
            throw new OutboundUrlRefusedException(target, "scheme " + lower + " is not allowed");
        }
        return checkHost(target, lower, host, port < 0 ? defaultPort(lower) : port);
    }

    /** The same check for a URL that reaches the hub through an API: a refusal is a 400 problem naming the field. */
    public URI requireAllowed(String field, String url) {
        try {
            return check(url);
        } catch (OutboundUrlRefusedException e) {
            throw new ProblemException(ProblemType.OUTBOUND_URL_REFUSED, field + " is not an allowed URL: "
                    + e.reason() + ".");
        }
    }

    /** The same check for a configured URL: a refusal names the property (startup error). */
    public void requireConfigured(String property, String url) {
        try {
            check(url);
        } catch (OutboundUrlRefusedException e) {
            throw new ConfiguredUrlRefusedException(property, property + "=" + url
                    + " is refused by hub.security.outbound: " + e.reason() + ".", e);
        }
    }

    /** A configured URL the policy refuses (reported at start by {@link OutboundUrlFailureAnalyzer}). */
    public static class ConfiguredUrlRefusedException extends IllegalStateException {

        private final String property;

        ConfiguredUrlRefusedException(String property, String message, OutboundUrlRefusedException cause) {
            super(message, cause);
            this.property = property;
        }

        public String property() {
            return property;
        }
    }

    private InetAddress[] checkHost(String target, String scheme, String rawHost, int port) {
        String host = normalize(target, rawHost);
        InetAddress literal = literal(target, host);
        List<Entry> matching = entries.stream().filter(e -> e.matches(host, literal, port)).toList();
        if (matching.isEmpty()) {
            throw new OutboundUrlRefusedException(target, "host " + host + " (port " + port + ") is not in "
                    + SETTING);
        }
        if (literal == null && METADATA_HOSTS.contains(host)
                && matching.stream().noneMatch(e -> e.kind == Kind.NAME)) {
            throw new OutboundUrlRefusedException(target, host + " is a cloud metadata host name");
        }
        InetAddress[] addresses;
        if (literal != null) {
            addresses = new InetAddress[] {literal};
        } else {
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                throw new OutboundUrlRefusedException(target, "host " + host + " does not resolve");
            }
            if (addresses == null || addresses.length == 0) {
                throw new OutboundUrlRefusedException(target, "host " + host + " does not resolve");
            }
        }
        for (InetAddress address : addresses) {
            String kind = specialKind(address);
            if (kind != null && entries.stream().noneMatch(e -> e.covers(address, port))) {
                String what = article(kind) + " " + kind + " address";
                throw new OutboundUrlRefusedException(target, (literal != null
                        ? address.getHostAddress() + " is " + what
                        : host + " resolves to " + address.getHostAddress() + ", " + what)
                        + " (allow it with an IP or CIDR entry in " + SETTING + ")");
            }
        }
        return addresses;
    }

    private static String normalize(String target, String rawHost) {
        String host = rawHost.trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new OutboundUrlRefusedException(target, "it has no host");
        }
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try {
                host = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new OutboundUrlRefusedException(target, "its host is not a valid international name");
            }
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** The address an IP literal host names, or null for a host name. Ambiguous IPv4 forms are refused. */
    private static InetAddress literal(String target, String host) {
        if (host.indexOf(':') >= 0) {
            if (!host.matches("[0-9a-f:.%a-z]+") || host.indexOf('%') >= 0) {
                throw new OutboundUrlRefusedException(target, "its IPv6 host " + host + " is not valid");
            }
            try {
                return InetAddress.getByName("[" + host + "]");
            } catch (UnknownHostException e) {
                throw new OutboundUrlRefusedException(target, "its IPv6 host " + host + " is not valid");
            }
        }
        String[] labels = host.split("\\.", -1);
        if (!Arrays.stream(labels).allMatch(l -> NUMERIC_LABEL.matcher(l).matches())) {
            return null;
        }
        if (labels.length != 4 || !Arrays.stream(labels).allMatch(l -> CANONICAL_OCTET.matcher(l).matches()
                && Integer.parseInt(l) <= 255)) {
            throw new OutboundUrlRefusedException(target, "host " + host + " is an IPv4 address in a "
                    + "non-canonical form (decimal, octal or hex): write it as four decimal parts a.b.c.d");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(labels[i]);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why an address is not a public one (loopback, private, ...), or null when it is public. */
    static String specialKind(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return specialKind4(b);
        }
        if (address instanceof Inet6Address) {
            boolean zeroPrefix96 = true;
            for (int i = 0; i < 12; i++) {
                zeroPrefix96 &= b[i] == 0;
            }
            if (address.isAnyLocalAddress()) {
                return "unspecified";
            }
            if (address.isLoopbackAddress()) {
                return "loopback";
            }
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0xfe && (second & 0xc0) == 0x80) {
                return "link-local";
            }
            if (first == 0xfe && (second & 0xc0) == 0xc0) {
                return "site-local";
            }
            if ((first & 0xfe) == 0xfc) {
                return "private (unique local)";
            }
            if (first == 0xff) {
                return "multicast";
            }
            if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation";
            }
            // IPv4 inside IPv6: compatible (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16)
            byte[] v4 = null;
            if (zeroPrefix96) {
                v4 = Arrays.copyOfRange(b, 12, 16);
            } else if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8])) {
                v4 = Arrays.copyOfRange(b, 12, 16);
            } else if (first == 0x20 && second == 0x02) {
                v4 = Arrays.copyOfRange(b, 2, 6);
            } else if (first == 0x01 && second == 0x00 && Arrays.equals(Arrays.copyOfRange(b, 2, 8), new byte[6])) {
                return "discard-only";
            }
            if (v4 != null) {
                String kind = specialKind4(v4);
                return kind == null ? null : kind + " (IPv4 inside IPv6)";
            }
            return null;
        }
        return "unknown";
    }

    private static String specialKind4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return "unspecified";
        }
        if (a0 == 127) {
            return "loopback";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "private";
        }
        if (a0 == 169 && a1 == 254) {
            return "link-local (cloud metadata)";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "multicast";
        }
        if (a0 >= 240) {
            return "reserved";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 0) || (a0 == 198 && (a1 & 0xfe) == 18)) {
            return "reserved";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "documentation";
        }
        return null;
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }

    private enum Kind { ANY, SUFFIX, NAME, ADDRESS }

    /**
     * One {@code allowed-hosts} entry: {@code *} (any host, public addresses only), {@code *.example.com}
     * (its subdomains), {@code api.example.com}, an IP ({@code 10.0.0.5}, {@code [fd00::5]}) or a CIDR
     * ({@code 10.1.0.0/16}, {@code [fd00::]/8}); all but CIDRs may end in {@code :port}.
     */
    private record Entry(Kind kind, String name, byte[] network, int prefix, Integer port) {

        static Entry parse(String text) {
            String spec = text.toLowerCase(Locale.ROOT);
            Integer port = null;
            if (spec.contains("/")) {
                String[] parts = spec.split("/", 2);
                String address = parts[0].replace("[", "").replace("]", "");
                byte[] network = address(text, address);
                int prefix;
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    throw invalid(text);
                }
                return new Entry(Kind.ADDRESS, null, network, prefix, null);
            }
            String host = spec;
            if (spec.startsWith("[")) {
                int end = spec.indexOf(']');
                if (end < 0) {
                    throw invalid(text);
                }
                host = spec.substring(1, end);
                if (end + 1 < spec.length()) {
                    port = port(text, spec.substring(end + 1));
                }
                byte[] network = address(text, host);
                return new Entry(Kind.ADDRESS, null, network, network.length * 8, port);
            }
            int colon = spec.lastIndexOf(':');
            if (colon >= 0) {
                if (spec.indexOf(':') != colon) {
                    byte[] network = address(text, spec);
                    return new Entry(Kind.ADDRESS, null, network, 128, null);
                }
                host = spec.substring(0, colon);
                port = port(text, spec.substring(colon));
            }
            if (host.endsWith(".")) {
                host = host.substring(0, host.length() - 1);
            }
            if (host.equals("*")) {
                return new Entry(Kind.ANY, null, null, 0, port);
            }
            if (host.startsWith("*.") && host.length() > 2 && !host.substring(2).contains("*")) {
                return new Entry(Kind.SUFFIX, host.substring(1), null, 0, port);
            }
            if (host.isEmpty() || host.contains("*")) {
                throw invalid(text);
            }
            if (host.matches("[0-9.]+")) {
                byte[] network = address(text, host);
                return new Entry(Kind.ADDRESS, null, network, 32, port);
            }
            return new Entry(Kind.NAME, host, null, 0, port);
        }

        boolean matches(String host, InetAddress literal, int urlPort) {
            if (port != null && port != urlPort) {
                return false;
            }
            return switch (kind) {
                case ANY -> true;
                case SUFFIX -> literal == null && host.endsWith(name);
                case NAME -> literal == null && host.equals(name);
                case ADDRESS -> literal != null && contains(literal);
            };
        }

        /** An IP or CIDR entry explicitly allows this (otherwise refused) address. */
        boolean covers(InetAddress address, int urlPort) {
            return kind == Kind.ADDRESS && (port == null || port == urlPort) && contains(address);
        }

        private boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }

        private static byte[] address(String text, String literal) {
            if (literal.indexOf(':') < 0) {
                String[] labels = literal.split("\\.", -1);
                if (labels.length != 4 || !Arrays.stream(labels).allMatch(l -> CANONICAL_OCTET.matcher(l).matches()
                        && Integer.parseInt(l) <= 255)) {
                    throw invalid(text);
                }
            }
            try {
                return InetAddress.getByName(literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal).getAddress();
            } catch (UnknownHostException e) {
                throw invalid(text);
            }
        }

        private static Integer port(String text, String colonPort) {
            try {
                if (!colonPort.startsWith(":")) {
                    throw invalid(text);
                }
                int port = Integer.parseInt(colonPort.substring(1));
                if (port < 0 || port > 65535) {
                    throw invalid(text);
                }
                return port;
            } catch (NumberFormatException e) {
                throw invalid(text);
            }
        }

        private static IllegalArgumentException invalid(String text) {
            return new IllegalArgumentException(SETTING + " entry '" + text + "' is not a host, *.domain, IP or "
                    + "CIDR (optionally with :port)");
        }
    }

    /** For messages and logs: the entries as configured. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.kind + (e.name != null ? " " + e.name : "") + (e.port != null ? ":" + e.port
                : "")));
        return "OutboundUrlPolicy" + names;
    }
}
