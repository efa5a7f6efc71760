package com.misybot.hub.memory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Stored form of serialized context (cache entries, snapshots): UTF-8 JSON as is up to the threshold, gzip above it.
 * Decoding recognizes gzip by its magic bytes (JSON text never starts with 0x1f), so no flag travels with the bytes.
 */
@Component("contextCodec")
public class ContextCodec {

    private final long threshold;

    @Autowired
    public ContextCodec(ContextProperties properties) {
        this(properties.compressThreshold().toBytes());
    }

    public ContextCodec(long threshold) {
        this.threshold = threshold;
    }

    /** The stored bytes of {@code json}. */
    public byte[] encode(String json) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        if (raw.length <= threshold) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JSON text of stored bytes, whichever form they are in. */
    public String decode(byte[] stored) {
        if (!isGzip(stored)) {
            return new String(stored, StandardCharsets.UTF_8);
        }
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt compressed context", e);
        }
    }

    public static boolean isGzip(byte[] stored) {
        return stored.length >= 2 && stored[0] == (byte) 0x1f && stored[1] == (byte) 0x8b;
    }
}
