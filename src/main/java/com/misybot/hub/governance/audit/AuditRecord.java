package com.misybot.hub.governance.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A stored audit record and its canonical form: {@code mac = HMAC-SHA256(key key_version, prev_mac ‖ canonical)}
 * where canonical is every field in a fixed order, numbers as 8 bytes big-endian, the time in microseconds since
 * the epoch (PostgreSQL's precision), strings length-prefixed UTF-8 (-1 for null), and {@code details} in
 * PostgreSQL's own jsonb text form, so it reads back byte for byte.
 */
public record AuditRecord(long seq, Instant ts, String actor, String role, String action, String target,
                          String details, long keyVersion, String prevMac, String mac) {

    /** {@code prev_mac} of the first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    /** The bytes the MAC covers: the previous MAC (32 bytes) then the canonical record. */
    public byte[] macInput() {
        byte[][] strings = {utf8(actor), utf8(role), utf8(action), utf8(target), utf8(details)};
        int size = 32 + 8 + 8 + 8;
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(HEX.parseHex(prevMac)).putLong(seq).putLong(micros(ts));
        for (byte[] s : strings) {
            if (s == null) {
                out.putInt(-1);
            } else {
                out.putInt(s.length).put(s);
            }
        }
        out.putLong(keyVersion);
        return out.array();
    }

    /** The time truncated to what PostgreSQL stores. */
    public static Instant truncate(Instant ts) {
        return ts.truncatedTo(ChronoUnit.MICROS);
    }

    static String hex(byte[] mac) {
        return HEX.formatHex(mac);
    }

    private static long micros(Instant ts) {
        return Math.addExact(Math.multiplyExact(ts.getEpochSecond(), 1_000_000L), ts.getNano() / 1000);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
