package com.misybot.hub.agents.trends;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One signal as read from a source, normalized: markup and entities removed, white space collapsed, at most 300
 * characters. {@code itemKey} identifies it within its source, so reading a feed again adds nothing twice.
 */
public record Signal(String sourceId, String itemKey, String platform, String title, String url, Instant publishedAt,
                     long mentions, long engagements, long impressions) {

    static final int MAX_TITLE = 300;
    private static final Pattern TAG = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** A signal with its title normalized and a key made from the title when the source gives none. */
    public static Signal of(String sourceId, String itemKey, String platform, String rawTitle, String url,
                            Instant publishedAt, long mentions, long engagements, long impressions) {
        String title = normalize(rawTitle);
        String key = itemKey == null || itemKey.isBlank() ? "title:" + sha256(title.toLowerCase(Locale.ROOT))
                : itemKey.length() > 128 ? "sha:" + sha256(itemKey) : itemKey;
        return new Signal(sourceId, key, platform.toLowerCase(Locale.ROOT), title, url == null || url.isBlank()
                ? null : url.strip(), publishedAt, Math.max(1, mentions), Math.max(0, engagements),
                Math.max(0, impressions));
    }

    static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        String text = TAG.matcher(raw).replaceAll(" ")
                .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'").replace("&nbsp;", " ");
        text = SPACE.matcher(text).replaceAll(" ").strip();
        return text.length() > MAX_TITLE ? text.substring(0, MAX_TITLE).strip() : text;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
