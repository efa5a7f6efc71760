package com.misybot.hub.agents.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing of the sources: RSS and Atom (ROME), a trending endpoint's JSON, CSV uploads (all-or-nothing). */
class TrendSourcesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final TrendSettings.Source FEED = new TrendSettings.Source("news", "feed", "http://x", "web",
            Duration.ofMinutes(5), true, "", Map.of());

    @Test
    void should_read_titles_links_and_dates_of_an_rss_feed() {
        String rss = """
                <?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://n</link>
                <description>d</description>
                <item><title>Ferry strike &amp; delays &lt;b&gt;today&lt;/b&gt;</title><link>https://n/1</link>
                <guid>g-1</guid><pubDate>Sun, 29 Nov 2026 09:30:00 GMT</pubDate></item>
                <item><title>  </title><link>https://n/2</link></item>
                <item><title>No date here</title><link>https://n/3</link></item>
                </channel></rss>""";
        List<Signal> signals = TrendSources.parseFeed(rss.getBytes(StandardCharsets.UTF_8), FEED, NOW);
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).title()).isEqualTo("Ferry strike & delays today");
        assertThat(signals.get(0).publishedAt()).isEqualTo(Instant.parse("2026-11-29T09:30:00Z"));
        assertThat(signals.get(0).itemKey()).isEqualTo("g-1");
        assertThat(signals.get(0).url()).isEqualTo("https://n/1");
        assertThat(signals.get(1).publishedAt()).isEqualTo(NOW);
    }

    @Test
    void should_read_an_atom_feed_and_refuse_a_doctype() {
        String atom = """
                <?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
                <id>urn:f</id><updated>2026-11-29T08:00:00Z</updated>
                <entry><title>Atom entry</title><id>urn:e1</id><link href="https://b/1"/>
                <updated>2026-11-29T08:00:00Z</updated></entry></feed>""";
        List<Signal> signals = TrendSources.parseFeed(atom.getBytes(StandardCharsets.UTF_8), FEED, NOW);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.itemKey()).isEqualTo("urn:e1");
            assertThat(s.publishedAt()).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
        });
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<rss version=\"2.0\"><channel><title>&x;</title></channel></rss>";
        assertThatThrownBy(() -> TrendSources.parseFeed(xxe.getBytes(StandardCharsets.UTF_8), FEED, NOW))
                .hasMessageContaining("not an RSS or Atom feed");
    }

    @Test
    void should_hide_a_source_url_query_and_user_information() {
        assertThat(TrendSources.masked("https://user:pw@api.example/trending?key=secret&x=1"))
                .isEqualTo("https://…@api.example/trending?…");
    }

    @Test
    void should_read_a_trending_endpoint_through_its_json_pointers() {
        TrendSettings.Source json = new TrendSettings.Source("tt", "json", "http://x", "tiktok",
                Duration.ofMinutes(5), true, "/data/items", Map.of("title", "/caption", "mentions", "/posts"));
        String body = """
                {"data": {"items": [
                  {"id": 7, "caption": "Dance challenge", "posts": 120, "publishedAt": "2026-11-29T11:00:00Z"},
                  {"id": 8, "caption": "", "posts": 3},
                  {"id": 10, "caption": "Odd platform", "platform": "A very long platform name that is not one"},
                  {"id": 9, "caption": "From the future", "publishedAt": "2027-01-01T00:00:00Z"}]}}""";
        List<Signal> signals = new TrendSources(null, null, new ObjectMapper()).parseJson(
                body.getBytes(StandardCharsets.UTF_8), json, NOW);
        assertThat(signals).hasSize(3);
        assertThat(signals.get(0).itemKey()).isEqualTo("7");
        assertThat(signals.get(1).platform()).isEqualTo("tiktok");
        assertThat(signals.get(0).mentions()).isEqualTo(120);
        assertThat(signals.get(0).platform()).isEqualTo("tiktok");
        assertThat(signals.get(2).publishedAt()).isEqualTo(NOW);
    }

    @Test
    void should_refuse_a_whole_upload_naming_the_bad_line() {
        assertThat(TrendSources.parseCsv("title,mentions\n\"A, quoted\",4\n", NOW)).singleElement()
                .satisfies(s -> assertThat(s.title()).isEqualTo("A, quoted"));
        assertThatThrownBy(() -> TrendSources.parseCsv("title,publishedAt\nok,2026-11-29T10:00:00Z\nbad,yesterday\n",
                NOW)).isInstanceOf(ProblemException.class).hasMessageContaining("Line 3").hasMessageContaining(
                        "publishedAt");
        assertThatThrownBy(() -> TrendSources.parseCsv("", NOW)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> TrendSources.parseCsv("title\n", NOW)).hasMessageContaining("no rows");
        assertThatThrownBy(() -> TrendSources.parseCsv("title,platform\nx,no such\n", NOW))
                .hasMessageContaining("platform");
        assertThatThrownBy(() -> TrendSources.parseCsv("title,mentions\n\"unterminated,1\n", NOW))
                .isInstanceOf(ProblemException.class).hasMessageContaining("not valid CSV");
        assertThatThrownBy(() -> TrendSources.parseCsv("title,mentions\nx,9223372036854775807\n", NOW))
                .hasMessageContaining("from 0 to");
        assertThat(TrendSources.parseCsv("title,url\n&lt;script&gt;alert(1)&lt;/script&gt; Hello,javascript:x\n", NOW))
                .singleElement().satisfies(s -> {
                    assertThat(s.title()).isEqualTo("alert(1) Hello");
                    assertThat(s.url()).isNull();
                });
        assertThat(TrendSources.parseCsv("title\nSame title\n", NOW).get(0).itemKey())
                .isEqualTo(TrendSources.parseCsv("title\nsame TITLE\n", NOW.plus(1, ChronoUnit.HOURS)).get(0)
                        .itemKey());
    }
}
