package com.misybot.hub.agents.trends;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sources served inside the test over real HTTP: an RSS 2.0 feed and an Atom feed (web) and a trending endpoint
 * answering JSON (tiktok), about three topics: running (recent, on tiktok, with counts), phones (9 to 13 hours old,
 * the same iPhone story in both feeds) and baking (two days old). Records when each path was read.
 */
final class TrendFeedServer implements AutoCloseable {

    static final String IPHONE_RSS = "Apple unveils iPhone 18 with satellite video calls";
    static final String IPHONE_ATOM = "iPhone 18 unveiled by Apple, adds satellite video calling";

    final Map<String, List<Instant>> reads = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final Instant now;

    TrendFeedServer(Instant now) throws IOException {
        this.now = now;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        serve("/rss", "application/rss+xml", rss());
        serve("/atom", "application/atom+xml", atom());
        serve("/trending", "application/json", trending());
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Instant> readsOf(String path) {
        return reads.getOrDefault(path, List.of());
    }

    /** config/trends.yaml with the three sources, each read every {@code every}. */
    String yaml(String every) {
        return """
                window: 72h
                recluster-every: 10m
                keep: 7d
                clustering:
                  max-clusters: 40
                  min-cluster-size: 3
                  sample: 1000
                  duplicate-similarity: {bge-small-en-v15-q: 0.90, all-minilm-l6-v2-q: 0.80}
                sources:
                  - {id: it-rss, type: feed, url: "%s", platform: web, every: %s}
                  - {id: it-atom, type: feed, url: "%s", platform: web, every: %s}
                  - id: it-trending
                    type: json
                    url: "%s"
                    platform: tiktok
                    every: %s
                    items: /items
                    fields: {title: /caption, mentions: /posts, engagements: /likes, impressions: /views, publishedAt: /time}
                """.formatted(url("/rss"), every, url("/atom"), every, url("/trending"), every);
    }

    private String ago(double hours) {
        // feeds write whole seconds
        return now.minus(Duration.ofMillis((long) (hours * 3_600_000))).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private String rfc822(double hours) {
        return java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                now.minus(Duration.ofMillis((long) (hours * 3_600_000))).atZone(java.time.ZoneOffset.UTC));
    }

    private String rss() {
        StringBuilder items = new StringBuilder();
        String[][] rows = {{IPHONE_RSS, "10"}, {"Samsung Galaxy S27 leak shows a much bigger battery", "11"},
                {"Google Pixel 11 camera review: the best phone photos yet", "12.5"},
                {"Budget Android phones get faster chips and brighter screens", "13"}};
        for (String[] r : rows) {
            items.append("<item><title>").append(r[0]).append("</title><link>https://news.example/")
                    .append(Math.abs(r[0].hashCode())).append("</link><pubDate>").append(rfc822(Double.parseDouble(r[1])))
                    .append("</pubDate></item>");
        }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>IT news</title><link>https://news.example"
                + "</link><description>test</description>" + items + "</channel></rss>";
    }

    private String atom() {
        StringBuilder entries = new StringBuilder();
        String[][] rows = {{IPHONE_ATOM, "9"}, {"Sourdough starter mistakes every home baker makes", "40"},
                {"The overnight focaccia recipe that bakers cannot stop sharing", "41"},
                {"How to bake crusty bread at home in a Dutch oven", "42"},
                {"Bakers share their best cinnamon roll dough tips", "43"}};
        int i = 0;
        for (String[] r : rows) {
            entries.append("<entry><title>").append(r[0]).append("</title><id>urn:it:").append(i++)
                    .append("</id><link href=\"https://blog.example/").append(i).append("\"/><updated>")
                    .append(ago(Double.parseDouble(r[1]))).append("</updated></entry>");
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>IT blog"
                + "</title><id>urn:it</id><updated>" + ago(9) + "</updated>" + entries + "</feed>";
    }

    private String trending() {
        return """
                {"items": [
                  {"id": "t1", "caption": "Marathon runners swear by this new recovery routine", "posts": 40,
                   "likes": 900, "views": 10000, "time": "%s"},
                  {"id": "t2", "caption": "Why half marathon training plans fail beginners", "posts": 25,
                   "likes": 300, "views": 6000, "time": "%s"},
                  {"id": "t3", "caption": "Trail running shoes that survived 500 miles of testing", "posts": 20,
                   "likes": 100, "views": 4000, "time": "%s"},
                  {"id": "t4", "caption": "Couch to 5K: the running plan coaches recommend", "posts": 15,
                   "time": "%s"}
                ]}""".formatted(ago(1), ago(2), ago(3), ago(8));
    }

    private void serve(String path, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            reads.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(Instant.now());
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
