package com.misybot.hub.agents.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.agents.AgentReply;
import com.misybot.hub.agents.AgentTask;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.web.QueryParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Service;

/**
 * The trends API (GET /api/v1/trends, CSV uploads, the sources' state) and the trend-scanner agent's answer to
 * "what is trending in …" (processor trendReport): the active trends, filtered to a window and a platform, ranked by
 * ViralScore; for a topic, the trends whose centroid is closest to it.
 */
@Service("trends")
public class Trends {

    public static final String AGENT = TrendStore.AGENT;
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 100;
    private static final Duration MAX_WINDOW = Duration.ofDays(30);
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** Words of a trend question that are not its topic. */
    private static final Pattern ASKING = Pattern.compile("(?i)\\b(what(?:'s| is| are)?|whats|which|show( me)?|"
            + "tell me|give me|list|any|the|top|latest|current(?:ly)?|right now|now|today|this week|these days|"
            + "is|are|trending|trends?|hot|viral|popular|people talking about|talking about|going viral|buzz(?:ing)?|"
            + "in|on|about|for|around|please|me|us)\\b|[?!.,:;]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** How much below the closest trend another may be and still be shown for a topic. */
    private static final double TOPIC_MARGIN = 0.05;

    public record Example(String title, String platform, String url, Instant publishedAt, long mentions) {
    }

    public record TrendView(String id, String label, List<String> terms, double score, JsonNode viralScore, int size,
                            long mentions, Map<String, Long> platforms, Instant firstSeen, Instant lastSeen,
                            List<Example> examples) {
    }

    public record TrendList(String window, String platform, Instant clusteredAt, List<TrendView> trends) {
    }

    public record Upload(int received, int stored, int alreadyKnown, String clustering) {
    }

    public record SourceView(String id, String type, String url, String platform, String every, boolean enabled,
                             Instant lastPolledAt, String polledBy, String lastStatus, String lastError,
                             Integer lastItems, Long polls) {
    }

    public record Sources(List<SourceView> sources) {
    }

    private final TrendScanner scanner;
    private final TrendStore store;
    private final EmbeddingService model;
    private final ObjectMapper json;
    private final long tickMillis;

    public Trends(TrendScanner scanner, TrendStore store, EmbeddingService model, ObjectMapper json,
                  @org.springframework.beans.factory.annotation.Value("${hub.trends.tick-millis:5000}") long tick) {
        this.scanner = scanner;
        this.store = store;
        this.model = model;
        this.json = json;
        this.tickMillis = tick;
    }

    /** GET /trends?window=&platform=&limit= */
    public TrendList list(@Variable("window") String window, @Variable("platform") String platform,
                          @Variable("limit") String limit) {
        Duration span = window(window);
        String on = platform(platform);
        List<TrendView> views = views(store.trends("active"), span, on);
        return new TrendList(print(span), on, store.lastClustered().orElse(null),
                views.subList(0, Math.min(views.size(), limit(limit))));
    }

    /** POST /trends/signals (text/csv): stores the rows as signals of source {@code upload}. */
    public Upload upload(@Body String csv) {
        List<Signal> signals = TrendSources.parseCsv(csv, Instant.now());
        int stored = store.insert(signals);
        return new Upload(signals.size(), stored, signals.size() - stored,
                "within " + Math.max(1, tickMillis / 1000) + " s (route trend-scan)");
    }

    /** GET /trends/sources: the configured sources with when and by which replica each was read last. */
    public Sources sources() {
        Map<String, TrendStore.SourceState> states = store.sourceStates();
        List<SourceView> views = new ArrayList<>();
        for (TrendSettings.Source s : scanner.settings().sources()) {
            TrendStore.SourceState st = states.get(s.id());
            views.add(new SourceView(s.id(), s.type(), TrendSources.masked(s.url()), s.platform(), print(s.every()),
                    s.enabled(), st == null ? null : st.lastPolledAt(), st == null ? null : st.polledBy(),
                    st == null ? null : st.lastStatus(), st == null ? null : st.lastError(),
                    st == null ? null : st.lastItems(), st == null ? null : st.polls()));
        }
        return new Sources(views);
    }

    /** The agent's answer: the top trends (of a platform the message names), closest to its topic if it has one. */
    public AgentReply report(Envelope envelope, Duration window, int limit) {
        AgentTask task = AgentTask.of(envelope);
        String text = task.text() == null ? "" : task.text().strip();
        // the active trends are read once: for the views and for their centroids
        List<TrendStore.Stored> active = store.trends("active");
        List<TrendView> all = views(active, window, null);
        Set<String> platforms = new LinkedHashSet<>();
        all.forEach(t -> platforms.addAll(t.platforms().keySet()));
        String platform = null;
        String topic = text;
        for (String p : platforms) {
            Matcher m = Pattern.compile("(?i)\\b(?:on\\s+)?" + Pattern.quote(p) + "\\b").matcher(topic);
            if (m.find()) {
                platform = p;
                topic = m.replaceAll(" ");
                break;
            }
        }
        topic = SPACES.matcher(ASKING.matcher(topic).replaceAll(" ")).replaceAll(" ").strip();
        List<TrendView> trends = platform == null ? all : views(active, window, platform);
        String where = (platform == null ? "" : " on " + platform) + " in the last "
                + print(window);
        if (trends.isEmpty()) {
            return AgentReply.of(task, AGENT, "Nothing is trending" + where + " yet: no signals have been read. "
                    + "Operators add sources in config/trends.yaml or upload signals (POST /api/v1/trends/signals).");
        }
        String heading;
        List<TrendView> shown;
        if (topic.isEmpty()) {
            heading = "Trending" + where + ":";
            shown = trends;
        } else {
            float[] q = model.embed(topic);
            Map<String, Double> similarity = new java.util.HashMap<>();
            for (TrendStore.Stored t : active) {
                similarity.put(t.id().toString(), closeness(q, t.content().path("embedding")));
            }
            trends = trends.stream().filter(t -> similarity.containsKey(t.id())).toList();
            double best = trends.stream().mapToDouble(t -> similarity.get(t.id())).max().orElse(0);
            if (best < model.defaultMinScore()) {
                heading = "Nothing" + where + " is close to \"" + topic + "\". The top trends are:";
                shown = trends;
            } else {
                heading = "Trending" + where + ", closest to \"" + topic + "\":";
                shown = trends.stream().filter(t -> similarity.get(t.id()) >= best - TOPIC_MARGIN).toList();
            }
        }
        StringBuilder reply = new StringBuilder(heading);
        int n = 0;
        for (TrendView t : shown.subList(0, Math.min(limit, shown.size()))) {
            reply.append("\n").append(++n).append(". ").append(t.label()).append(" - ViralScore ")
                    .append(t.score()).append(", ").append(t.mentions()).append(" mention(s) in ").append(t.size())
                    .append(" stor").append(t.size() == 1 ? "y" : "ies");
            double acceleration = t.viralScore().path("acceleration").asDouble();
            if (acceleration > 0) {
                reply.append(", rising");
            }
            if (!t.examples().isEmpty()) {
                reply.append(". e.g. \"").append(t.examples().get(0).title()).append("\"");
            }
        }
        return AgentReply.of(task, AGENT, reply.toString());
    }

    private static double closeness(float[] query, JsonNode centroid) {
        double d = 0;
        for (int i = 0; i < query.length && i < centroid.size(); i++) {
            d += query[i] * centroid.get(i).floatValue();
        }
        return d;
    }

    /** {@code trends} with their signals of the window (and platform), highest score first; those without none. */
    List<TrendView> views(List<TrendStore.Stored> trends, Duration window, String platform) {
        Map<UUID, TrendStore.Stats> stats = store.stats(trends.stream().map(TrendStore.Stored::id).toList(),
                Instant.now().minus(window), platform);
        List<TrendView> views = new ArrayList<>();
        for (TrendStore.Stored t : trends) {
            TrendStore.Stats s = stats.get(t.id());
            if (s == null) {
                continue;
            }
            List<Example> examples = new ArrayList<>();
            for (JsonNode e : t.content().path("examples")) {
                if (platform == null || platform.equals(e.path("platform").asText())) {
                    examples.add(new Example(e.path("title").asText(), e.path("platform").asText(),
                            e.path("url").isNull() ? null : e.path("url").asText(null),
                            Instant.parse(e.path("publishedAt").asText()), e.path("mentions").asLong()));
                }
            }
            List<String> terms = new ArrayList<>();
            t.content().path("terms").forEach(term -> terms.add(term.asText()));
            views.add(new TrendView(t.id().toString(), t.content().path("label").asText(), terms,
                    t.content().path("score").asDouble(), t.content().path("viralScore"), s.size(), s.mentions(),
                    s.platforms(), s.firstSeen(), s.lastSeen(), examples));
        }
        views.sort(Comparator.comparingDouble(TrendView::score).reversed().thenComparing(TrendView::id));
        return views;
    }

    /** 72h, 90m, 45s: the largest whole unit. */
    static String print(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    static Duration window(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofHours(72);
        }
        Duration d;
        try {
            d = DurationStyle.SIMPLE.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "window '" + text + "' is not a duration such as "
                    + "24h, 90m or 7d.");
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "window must be from 1m to 30d.");
        }
        return d;
    }

    static String platform(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String p = text.strip().toLowerCase(Locale.ROOT);
        if (!PLATFORM.matcher(p).matches()) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "platform must be a name such as tiktok (letters, "
                    + "digits, - or _).");
        }
        return p;
    }

    static int limit(String text) {
        return QueryParams.integer(text, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    }
}
