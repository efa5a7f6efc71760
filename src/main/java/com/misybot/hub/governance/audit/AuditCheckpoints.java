package com.misybot.hub.governance.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.PredefinedSignatureParameters;
import com.misybot.hub.governance.crypto.MasterKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signed checkpoints of the audit chain, kept outside the database: each line of the checkpoint file is a JSON
 * object with the head's sequence number and MAC, the time, and an Ed25519 signature over the C2SP-style body
 * {@code misybot-hub/audit/<chain>\n<seq>\n<mac>\n<time>\n}. The signing key is not the HMAC key and does not live in the
 * database: whoever can rewrite the chain with the HMAC key still cannot sign a checkpoint that matches it.
 */
public class AuditCheckpoints {

    public static final String ORIGIN = "misybot-hub/audit";

    /** One checkpoint line; {@code valid} says whether its signature verified. */
    public record Checkpoint(long seq, String mac, Instant ts, boolean valid) {
    }

    private final Path file;
    private final String chain;
    private final PublicKeySign signer;
    private final PublicKeyVerify verifier;
    /** One lock per checkpoint file in this JVM (a file lock is held per JVM, not per thread). */
    private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final ObjectMapper mapper = new ObjectMapper();
    private volatile Checkpoint last;
    /** Bytes of the file already read into {@link #last}: a write reads only what others appended since. */
    private long scanned;

    /**
     * @param chain the chain's identity ({@code audit_chain.id}): several hubs (databases) may share one file, each
     *              reads and signs only its own lines
     */
    public AuditCheckpoints(Path file, String chain, KeysetHandle signingKeys) {
        this.file = file;
        this.chain = chain;
        try {
            this.signer = signingKeys.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
            this.verifier = signingKeys.getPublicKeysetHandle().getPrimitive(RegistryConfiguration.get(),
                    PublicKeyVerify.class);
            Path publicFile = file.resolveSibling(file.getFileName() + ".pub.json");
            String publicKeys = TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
                    signingKeys.getPublicKeysetHandle());
            if (!Files.exists(publicFile) || !Files.readString(publicFile).equals(publicKeys)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(publicFile, publicKeys);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit signing keyset is not an Ed25519 keyset", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit public key next to " + file, e);
        }
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                catchUp(channel);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the audit checkpoint file " + file, e);
            }
        }
    }

    /**
     * The signing keyset: from {@code keysetJson} (environment) when set, else from {@code keyFile}, created there
     * (0600) on first start.
     */
    public static KeysetHandle signingKeys(String keysetJson, Path keyFile) {
        MasterKeys.register();
        try {
            if (keysetJson != null && !keysetJson.isBlank()) {
                return TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
            }
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                MasterKeys.writeOwnerOnly(keyFile, TinkJsonProtoKeysetFormat.serializeKeyset(
                        KeysetHandle.generateNew(PredefinedSignatureParameters.ED25519), InsecureSecretKeyAccess.get()));
            }
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(keyFile), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The audit signing keyset is not a valid Tink keyset", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the audit signing key " + keyFile, e);
        }
    }

    public Checkpoint last() {
        return last;
    }

    /**
     * Signs the head {@code (seq, mac)} and appends the checkpoint line (flushed to disk), unless the file already
     * holds a checkpoint of this chain at or past {@code seq}: replicas (or hubs) sharing one file take turns under a
     * file lock and re-read its last line first, so the file's checkpoints only move forward.
     */
    public Checkpoint write(long seq, String mac, Instant ts) {
        ReentrantLock local = LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // READ and APPEND do not mix: append by hand at the end, which the file lock keeps still
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                Checkpoint newest = catchUp(channel);
                if (newest != null && newest.seq() >= seq) {
                    return newest;
                }
                byte[] signature = signer.sign(body(seq, mac, ts));
                ObjectNode line = mapper.createObjectNode().put("origin", ORIGIN).put("chain", chain).put("seq", seq)
                        .put("mac", mac).put("ts", ts.toString())
                        .put("sig", Base64.getEncoder().encodeToString(signature));
                ByteBuffer bytes = ByteBuffer.wrap((mapper.writeValueAsString(line) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                long end = channel.size();
                while (bytes.hasRemaining()) {
                    end += channel.write(bytes, end);
                }
                channel.force(true);
                scanned = channel.size();
                last = new Checkpoint(seq, mac, ts, true);
                return last;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit checkpoint file " + file, e);
        } finally {
            local.unlock();
        }
    }

    /**
     * Reads the lines appended since the last call (by this hub or others sharing the file) and returns the newest
     * valid checkpoint of this chain; starts over when the file was replaced by a shorter one.
     */
    private Checkpoint catchUp(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < scanned) {
            scanned = 0;
            last = null;
        }
        if (size > scanned) {
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(size - scanned));
            while (bytes.hasRemaining() && channel.read(bytes, scanned + bytes.position()) > 0) {
                // read until the end as it was when the size was taken
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n') + 1; // a line still being written is read next time
            for (String line : text.substring(0, complete).split("\n")) {
                Checkpoint checkpoint = line.isBlank() ? null : parse(line);
                if (checkpoint != null && checkpoint.valid()) {
                    last = checkpoint;
                }
            }
            scanned += text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length;
        }
        return last;
    }

    /** Every checkpoint in the file, in order, each with its signature checked; unreadable lines are invalid. */
    public List<Checkpoint> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Checkpoint checkpoint = parse(line);
                if (checkpoint != null) {
                    checkpoints.add(checkpoint);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit checkpoint file " + file, e);
        }
        return checkpoints;
    }

    /** The checkpoint of a line, null when it belongs to another chain; unreadable lines are invalid. */
    private Checkpoint parse(String line) {
        try {
            JsonNode node = mapper.readTree(line);
            if (node.hasNonNull("chain") && !chain.equals(node.get("chain").asText())) {
                return null;
            }
            long seq = node.path("seq").asLong();
            String mac = node.path("mac").asText();
            Instant ts = Instant.parse(node.path("ts").asText());
            boolean valid = ORIGIN.equals(node.path("origin").asText());
            try {
                verifier.verify(Base64.getDecoder().decode(node.path("sig").asText()), body(seq, mac, ts));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                valid = false;
            }
            return new Checkpoint(seq, mac, ts, valid);
        } catch (IOException | RuntimeException e) {
            return new Checkpoint(-1, "", Instant.EPOCH, false);
        }
    }

    private byte[] body(long seq, String mac, Instant ts) {
        return (ORIGIN + "/" + chain + "\n" + seq + "\n" + mac + "\n" + ts + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
