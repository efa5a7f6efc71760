package com.misybot.hub.agents.trends;

import com.misybot.hub.platform.Sha256;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One signal as read from a source, normalized: markup and entities removed, white space collapsed, at most 300
 * characters. {@code itemKey} identifies it within its source, so reading a feed again adds nothing twice.
 */
public record Signal(String sourceId, String itemKey, String platform, String title, String url, Instant publishedAt,
                     long mentions, long engagements, long impressions) {

    static final int MAX_TITLE = 300;
    /** Largest count kept (mentions, engagements, impressions): sums of a 20,000-row window stay within a long. */
    static final long MAX_COUNT = 1_000_000_000_000L;
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern TAG = Pattern.compile("<[^>]{0,2000}>");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /** A signal with its title normalized and a key made from the title when the source gives none. */
    public static Signal of(String sourceId, String itemKey, String platform, String rawTitle, String url,
                            Instant publishedAt, long mentions, long engagements, long impressions) {
        String title = normalize(rawTitle);
        String key = itemKey == null || itemKey.isBlank() ? "title:" + Sha256.hex(title.toLowerCase(Locale.ROOT)).substring(0, 40)
                : itemKey.length() > 128 ? "sha:" + Sha256.hex(itemKey).substring(0, 40) : itemKey;
        String link = url == null ? "" : url.strip();
        return new Signal(sourceId, key, platform, title, link.matches("(?i)https?://\\S+") ? link : null,
                publishedAt, clamp(mentions, 1), clamp(engagements, 0), clamp(impressions, 0));
    }

    /** {@code platform} in lower case when it is a platform name, else {@code fallback}. */
    public static String platform(String platform, String fallback) {
        String p = platform == null ? "" : platform.strip().toLowerCase(Locale.ROOT);
        return PLATFORM.matcher(p).matches() ? p : fallback;
    }

    private static long clamp(long count, long min) {
        return Math.min(MAX_COUNT, Math.max(min, count));
    }

    static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        // entities first (&amp; last, so "&amp;lt;" stays text), then markup: an escaped tag is removed too
        String text = raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&apos;", "'").replace("&nbsp;", " ");
        text = TAG.matcher(text).replaceAll(" ").replace("&amp;", "&");
        text = SPACE.matcher(text).replaceAll(" ").strip();
        return text.length() > MAX_TITLE ? text.substring(0, MAX_TITLE).strip() : text;
    }
}
