package com.misybot.hub.agents.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.Failures;
import com.misybot.hub.platform.OutboundUrlPolicy;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * Reads the trend sources: a feed (RSS 0.9x to 2.0 or Atom, parsed by ROME, which refuses DOCTYPEs) or a JSON
 * endpoint, fetched through Camel's http component (so the SSRF route planner checks every connection), and the CSV
 * uploads of the API (Apache Commons CSV). Every URL passes hub.security.outbound before it is used.
 */
@Component("trendSources")
public class TrendSources {

    /** Largest body read from a source or accepted as an upload. */
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_UPLOAD_ROWS = 20_000;

    private final ProducerTemplate camel;
    private final OutboundUrlPolicy outbound;
    private final ObjectMapper json;

    public TrendSources(ProducerTemplate camel, OutboundUrlPolicy outbound, ObjectMapper json) {
        this.camel = camel;
        this.outbound = outbound;
        this.json = json;
    }

    /** Refuses a source whose URL the hub may not call (checked at start for every enabled source). */
    public void check(TrendSettings.Source source) {
        outbound.check(source.url());
    }

    /** Reads {@code source} now; failures are thrown (the scanner records them on the source). */
    public List<Signal> read(TrendSettings.Source source, Instant now) {
        outbound.check(source.url());
        Exchange answer = camel.request(source.url(), e -> e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET"));
        if (answer.getException() != null) {
            throw new IllegalStateException(answer.getException().getMessage(), answer.getException());
        }
        Long declared = answer.getMessage().getHeader("Content-Length", Long.class);
        if (declared != null && declared > MAX_BYTES) {
            throw new IllegalStateException("answer of " + declared + " bytes (at most " + MAX_BYTES + ")");
        }
        byte[] body;
        try (InputStream in = answer.getMessage().getBody(InputStream.class)) {
            if (in == null) {
                return List.of();
            }
            body = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BYTES) {
            throw new IllegalStateException("answer of more than " + MAX_BYTES + " bytes");
        }
        return "json".equals(source.type()) ? parseJson(body, source, now) : parseFeed(body, source, now);
    }

    static List<Signal> parseFeed(byte[] body, TrendSettings.Source source, Instant now) {
        SyndFeed feed;
        // XmlReader honours the encoding the feed declares (UTF-8, ISO-8859-1, windows-1252, ...)
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(body))) {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            feed = input.build(reader);
        } catch (Exception e) {
            throw new IllegalStateException("not an RSS or Atom feed: " + e.getMessage(), e);
        }
        List<Signal> signals = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String title = entry.getTitle();
            if (title == null || Signal.normalize(title).isEmpty()) {
                continue;
            }
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            String key = entry.getUri() != null ? entry.getUri() : entry.getLink();
            signals.add(Signal.of(source.id(), key, source.platform(), title, entry.getLink(),
                    date == null ? now : clamp(date.toInstant(), now), 1, 0, 0));
        }
        return signals;
    }

    List<Signal> parseJson(byte[] body, TrendSettings.Source source, Instant now) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + e.getMessage(), e);
        }
        JsonNode items = source.items().isEmpty() ? root : root.at(source.items());
        if (!items.isArray()) {
            throw new IllegalStateException("no array at '" + source.items() + "'");
        }
        List<Signal> signals = new ArrayList<>();
        for (JsonNode item : items) {
            String title = item.at(source.field("title")).asText("");
            if (Signal.normalize(title).isEmpty()) {
                continue;
            }
            JsonNode id = item.at(source.field("id"));
            signals.add(Signal.of(source.id(), id.isMissingNode() || id.isNull() ? null : id.asText(),
                    Signal.platform(item.at(source.field("platform")).asText(null), source.platform()), title,
                    item.at(source.field("url")).asText(null), time(item.at(source.field("publishedAt")), now),
                    item.at(source.field("mentions")).asLong(1), item.at(source.field("engagements")).asLong(0),
                    item.at(source.field("impressions")).asLong(0)));
        }
        return signals;
    }

    /**
     * An upload: CSV with a header row naming {@code title} (required) and any of {@code id, platform, url,
     * publishedAt, mentions, engagements, impressions}. The whole upload is refused (400 naming the line) when a
     * row is wrong, so nothing of a bad file is stored.
     */
    static List<Signal> parseCsv(String csv, Instant now) {
        if (csv == null || csv.isBlank()) {
            throw bad("The upload is empty: send CSV with a header row (title, platform, publishedAt, mentions, "
                    + "engagements, impressions, url, id).");
        }
        List<Signal> signals = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            if (!parser.getHeaderMap().containsKey("title")) {
                throw bad("The CSV header has no 'title' column (found: " + parser.getHeaderNames() + ").");
            }
            for (CSVRecord row : parser) {
                long line = row.getRecordNumber() + 1;
                if (signals.size() >= MAX_UPLOAD_ROWS) {
                    throw bad("Line " + line + ": at most " + MAX_UPLOAD_ROWS + " rows per upload.");
                }
                String title = value(row, "title");
                if (title == null || Signal.normalize(title).isEmpty()) {
                    throw bad("Line " + line + ": 'title' is empty.");
                }
                String platform = value(row, "platform");
                if (platform != null && !platform.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,31}")) {
                    throw bad("Line " + line + ": 'platform' must be a name such as tiktok (letters, digits, - or _).");
                }
                Instant published = now;
                String at = value(row, "publishedAt");
                if (at != null) {
                    try {
                        published = clamp(Instant.parse(at), now);
                    } catch (DateTimeParseException e) {
                        throw bad("Line " + line + ": 'publishedAt' is not an ISO-8601 instant (2026-11-29T10:00:00Z).");
                    }
                }
                signals.add(Signal.of("upload", value(row, "id"), Signal.platform(platform, "web"), title,
                        value(row, "url"), published, count(row, "mentions", 1, line), count(row, "engagements", 0,
                        line), count(row, "impressions", 0, line)));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            throw bad("The upload is not valid CSV: " + e.getMessage());
        }
        if (signals.isEmpty()) {
            throw bad("The upload has a header but no rows.");
        }
        return signals;
    }

    private static String value(CSVRecord row, String column) {
        if (!row.isMapped(column) || !row.isSet(column)) {
            return null;
        }
        String v = row.get(column);
        return v == null || v.isBlank() ? null : v;
    }

    private static long count(CSVRecord row, String column, long fallback, long line) {
        String v = value(row, column);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Signal.MAX_COUNT) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad("Line " + line + ": '" + column + "' must be a whole number from 0 to " + Signal.MAX_COUNT + ".");
        }
    }

    private static Instant time(JsonNode node, Instant now) {
        if (node.isNumber()) {
            long v = node.asLong();
            return clamp(v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v), now);
        }
        if (node.isTextual()) {
            try {
                return clamp(Instant.parse(node.asText()), now);
            } catch (DateTimeParseException e) {
                return now;
            }
        }
        return now;
    }

    /** A time in the future (a source's clock ahead) counts as now. */
    private static Instant clamp(Instant t, Instant now) {
        return t.isAfter(now) ? now : t;
    }

    private static ProblemException bad(String detail) {
        return new ProblemException(ProblemType.VALIDATION, detail);
    }

    /** {@code url} without its query and user information (where API keys go): what the sources view shows. */
    static String masked(String url) {
        return url.replaceAll("\\?.*$", "?…").replaceAll("//[^/@]*@", "//…@");
    }

    /** First line of a failure, at most 300 characters: what a source's state shows. */
    static String describe(Exception e) {
        String m = Failures.message(e).replaceAll("https?://\\S+", "<url>");
        String first = m.lines().findFirst().orElse(m);
        return first.length() > 300 ? first.substring(0, 300) : first;
    }
}
