package com.misybot.hub.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost / 127.0.0.1, made at test time by the JDK's keytool in a temporary folder
 * (valid one day, EC P-256) and written as PEM ({@code tls.crt}, {@code tls.key}): no key is ever committed.
 * {@link #close()} deletes the folder.
 */
public final class ThrowawayCertificate implements AutoCloseable {

    private final Path dir;
    private final Certificate certificate;
    private final KeyStore keys;
    private final char[] password;

    private ThrowawayCertificate(Path dir, Certificate certificate, KeyStore keys, char[] password) {
        this.dir = dir;
        this.certificate = certificate;
        this.keys = keys;
        this.password = password;
    }

    /** For localhost and 127.0.0.1. */
    public static ThrowawayCertificate create() throws Exception {
        return create("SAN=dns:localhost,ip:127.0.0.1");
    }

    /** With this subject alternative name extension, e.g. {@code SAN=dns:localhost}. */
    public static ThrowawayCertificate create(String san) throws Exception {
        Path dir = Files.createTempDirectory("hub-tls-test");
        Path store = dir.resolve("tls.p12");
        String password = "throwaway-" + System.nanoTime();
        Process keytool = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "tls", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", san, "-validity", "1",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password,
                "-keypass", password)).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        Files.delete(store);
        Certificate certificate = keys.getCertificate("tls");
        Files.writeString(dir.resolve("tls.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(dir.resolve("tls.key"), pem("PRIVATE KEY",
                keys.getKey("tls", password.toCharArray()).getEncoded()));
        return new ThrowawayCertificate(dir, certificate, keys, password.toCharArray());
    }

    public Certificate certificate() {
        return certificate;
    }

    /** The PEM certificate file. */
    public Path certificateFile() {
        return dir.resolve("tls.crt");
    }

    /** The PEM (PKCS#8, unencrypted) private key file. */
    public Path keyFile() {
        return dir.resolve("tls.key");
    }

    /** A TLS context that trusts this certificate only. */
    public SSLContext trustingContext() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("tls", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A TLS context that serves this certificate (for a test's own HTTPS server). */
    public SSLContext serverContext() throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
