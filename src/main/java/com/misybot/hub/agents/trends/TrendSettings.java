package com.misybot.hub.agents.trends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code config/trends.yaml} (hub.trends.file): the sources the trend scanner reads, the window its trends are
 * formed over, the clustering limits and the ViralScore constants. A broken file stops the start with a message
 * naming the entry and the rule.
 */
public record TrendSettings(Duration window, Duration reclusterEvery, Duration keep, Clustering clustering,
                            Score score, List<Source> sources) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Set<String> TYPES = Set.of("feed", "json");

    /** One source: a feed (RSS or Atom) or a JSON endpoint whose items are at JSON Pointer {@code items}. */
    public record Source(String id, String type, String url, String platform, Duration every, boolean enabled,
                         String items, Map<String, String> fields) {

        /** JSON Pointer of {@code field} in an item of a json source. */
        public String field(String field) {
            return fields.getOrDefault(field, "/" + field);
        }
    }

    /** What a title is embedded after for topic finding when config/trends.yaml names nothing else. */
    public static final String DEFAULT_TOPIC_PREFIX = "Headline: ";

    /**
     * Limits of VectorClustering.topics, the similarity above which two signals of a trend are one story, and the
     * text put before a title when it is embedded for topic finding ({@code topic-prefix}; empty: the title's own
     * embedding is clustered).
     */
    public record Clustering(int maxClusters, int minClusterSize, int sample, Map<String, Double> duplicateSimilarity,
                             String topicPrefix) {
    }

    /** ViralScore constants (README "ViralScore"). */
    public record Score(double velocityHours, Duration halfLife, double velocityWeight, double accelerationWeight,
                        double engagementWeight, double noveltyWeight, double velocityScale,
                        double accelerationScale, double engagementScale) {
    }

    public static TrendSettings load(InputStream in, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(name + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException(name + " must be a mapping");
        }
        JsonNode c = root.path("clustering");
        Map<String, Double> duplicate = new LinkedHashMap<>();
        c.path("duplicate-similarity").fields().forEachRemaining(e -> duplicate.put(e.getKey(), e.getValue().asDouble()));
        Clustering clustering = new Clustering(c.path("max-clusters").asInt(40), c.path("min-cluster-size").asInt(3),
                c.path("sample").asInt(1000), duplicate, c.path("topic-prefix").asText(DEFAULT_TOPIC_PREFIX));
        if (clustering.maxClusters() < 1 || clustering.minClusterSize() < 1 || clustering.sample() < 10) {
            throw new IllegalStateException(name + ": clustering.max-clusters and min-cluster-size must be >= 1, "
                    + "sample >= 10");
        }
        if (!c.path("topic-prefix").isMissingNode() && !c.path("topic-prefix").isTextual()
                || clustering.topicPrefix().length() > 100) {
            throw new IllegalStateException(name + ": clustering.topic-prefix must be a text of at most 100 "
                    + "characters");
        }
        JsonNode s = root.path("score");
        JsonNode w = s.path("weights");
        Score score = new Score(s.path("velocity-hours").asDouble(6), duration(s, "half-life", "12h", name),
                w.path("velocity").asDouble(0.4), w.path("acceleration").asDouble(0.2),
                w.path("engagement").asDouble(0.25), w.path("novelty").asDouble(0.15),
                s.path("velocity-scale").asDouble(5), s.path("acceleration-scale").asDouble(2),
                s.path("engagement-scale").asDouble(0.1));
        if (score.velocityHours() <= 0 || score.velocityScale() <= 0 || score.accelerationScale() <= 0
                || score.engagementScale() <= 0) {
            throw new IllegalStateException(name + ": score.velocity-hours and the scales must be > 0");
        }
        double weights = score.velocityWeight() + score.accelerationWeight() + score.engagementWeight()
                + score.noveltyWeight();
        if (score.velocityWeight() < 0 || score.accelerationWeight() < 0 || score.engagementWeight() < 0
                || score.noveltyWeight() < 0 || weights > 1.000001) {
            throw new IllegalStateException(name + ": score.weights must be >= 0 and add up to at most 1 (a score "
                    + "stays in 0..100)");
        }
        List<Source> sources = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode node : root.path("sources")) {
            String id = node.path("id").asText("");
            if (!ID.matcher(id).matches() || "upload".equals(id)) {
                throw new IllegalStateException(name + ": source id '" + id + "' must be kebab-case (a-z, 0-9, -) "
                        + "and not 'upload'");
            }
            if (!ids.add(id)) {
                throw new IllegalStateException(name + ": source " + id + " is listed twice");
            }
            String type = node.path("type").asText("feed");
            if (!TYPES.contains(type)) {
                throw new IllegalStateException(name + ": source " + id + " has type '" + type + "' (feed or json)");
            }
            String url = node.path("url").asText("");
            if (url.isBlank()) {
                throw new IllegalStateException(name + ": source " + id + " needs a url");
            }
            String platform = node.path("platform").asText("web");
            if (!Signal.platform(platform, "").equals(platform)) {
                throw new IllegalStateException(name + ": source " + id + " has platform '" + platform + "' (a name "
                        + "such as tiktok: a-z, 0-9, - or _)");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            node.path("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            sources.add(new Source(id, type, url, platform,
                    duration(node, "every", "15m", name + ": source " + id), node.path("enabled").asBoolean(true),
                    node.path("items").asText(""), fields));
        }
        return new TrendSettings(duration(root, "window", "72h", name),
                duration(root, "recluster-every", "10m", name), duration(root, "keep", "7d", name), clustering,
                score, List.copyOf(sources));
    }

    /** The duplicate similarity of {@code model}; the hub refuses to start when the active model has none. */
    public double duplicateSimilarity(String model) {
        Double value = clustering.duplicateSimilarity().get(model);
        if (value == null) {
            throw new IllegalStateException("config/trends.yaml: clustering.duplicate-similarity has no value for "
                    + "the embedding model " + model);
        }
        return value;
    }

    private static Duration duration(JsonNode node, String field, String fallback, String where) {
        String text = node.path(field).asText(fallback);
        try {
            Duration d = DurationStyle.detectAndParse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("not positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + field + " '" + text + "' is not a duration (30s, 15m, 72h, 7d)");
        }
    }
}
