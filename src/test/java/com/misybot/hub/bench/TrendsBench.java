package com.misybot.hub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.agents.trends.TrendScanner;
import com.misybot.hub.agents.trends.TrendSettings;
import com.misybot.hub.ai.EmbeddingConfiguration;
import com.misybot.hub.ai.OnnxEmbeddingService;
import com.misybot.hub.memory.vector.LabelledHeadlines;
import com.misybot.hub.memory.vector.VectorClustering;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Harness of bench/trends.sh (a main, not a test).
 * <ul>
 *   <li>{@code csv <n> <file>}: writes n generated signals as the CSV of {@code POST /api/v1/trends/signals}
 *       (header {@code title,platform,publishedAt,mentions,engagements,impressions,id}), for the end-to-end part.</li>
 *   <li>{@code cluster}: embeds the generated titles once with the hub's OnnxEmbeddingService (embeddings/s), then
 *       for each n of {@code -Dbench.sizes} times what one scan's clustering costs on n signals: VectorClustering
 *       .topics with the options of config/trends.yaml plus TrendScanner.duplicates on each cluster (oldest first,
 *       the model's duplicate similarity), one warm-up ({@code -Dbench.warmup}) then the median of
 *       {@code -Dbench.runs} runs, each part timed
 *       on its own; writes target/bench-trends/cluster.json with each doubling's time ratio next to n log n's.</li>
 * </ul>
 * Signals: headlines of src/test/resources/trends (both sets, 12 topics) spliced, the first part of one with the last
 * part of another of the same topic, cut at a word near the middle; distinct (case-insensitive), seeded, so every run
 * measures the same titles; published over the last 48 h, a few mentions, engagements and impressions each.
 */
public final class TrendsBench {

    static final Path DIR = Path.of("target/bench-trends");
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String MODEL = System.getProperty("bench.model", EmbeddingConfiguration.BGE_SMALL);
    /** The hub's defaults: hub.embeddings.threads 2, batch-size 32. */
    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final int BATCH = Integer.getInteger("bench.batch", 32);
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    /** One untimed run per n before the timed ones (the smoke mode skips it). */
    static final boolean WARMUP = Boolean.parseBoolean(System.getProperty("bench.warmup", "true"));
    static final long SEED = Long.getLong("bench.seed", 17);
    static final String[] PLATFORMS = {"tiktok", "youtube", "instagram", "x", "reddit", "web"};

    /** One generated signal; {@code ageSeconds} before now. */
    record Generated(String id, String topic, String title, String platform, long ageSeconds, long mentions,
                     long engagements, long impressions) {
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        switch (args[0]) {
            case "csv" -> csv(Integer.parseInt(args[1]), Path.of(args[2]));
            case "cluster" -> cluster();
            default -> throw new IllegalArgumentException("csv <n> <file> | cluster");
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- signals

    /** {@code n} distinct signals in random order (topics mixed), the same for the same seed. */
    static List<Generated> generate(int n) throws Exception {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (String set : List.of("headlines", "heldout")) {
            LabelledHeadlines h = LabelledHeadlines.load(set);
            for (int i = 0; i < h.texts().size(); i++) {
                byTopic.computeIfAbsent(h.topics().get(i), t -> new ArrayList<>()).add(h.texts().get(i).strip());
            }
        }
        List<String> topics = new ArrayList<>(byTopic.keySet());
        Random random = new Random(SEED);
        Set<String> seen = new HashSet<>();
        List<Generated> out = new ArrayList<>(n);
        int attempts = 0;
        while (out.size() < n) {
            if (++attempts > n * 50) {
                throw new IllegalStateException("cannot generate " + n + " distinct titles (" + out.size() + ")");
            }
            String topic = topics.get(random.nextInt(topics.size()));
            List<String> pool = byTopic.get(topic);
            String[] a = pool.get(random.nextInt(pool.size())).split("\\s+");
            String[] b = pool.get(random.nextInt(pool.size())).split("\\s+");
            if (a.length < 4 || b.length < 4) {
                continue;
            }
            // cut each at a word between 40 % and 60 % of its length
            int cutA = Math.max(2, (int) Math.round(a.length * (0.4 + 0.2 * random.nextDouble())));
            int cutB = Math.max(2, (int) Math.round(b.length * (0.4 + 0.2 * random.nextDouble())));
            String title = String.join(" ", Arrays.copyOfRange(a, 0, cutA)) + " "
                    + String.join(" ", Arrays.copyOfRange(b, cutB, b.length));
            if (!seen.add(title.toLowerCase(Locale.ROOT))) {
                continue;
            }
            // a few mentions (mostly 1), engagements and impressions of a modest post
            long mentions = 1 + (long) Math.floor(Math.pow(random.nextDouble(), 4) * 20);
            long impressions = 100 + random.nextInt(50_000);
            long engagements = (long) (impressions * 0.08 * random.nextDouble());
            out.add(new Generated("bench-" + out.size(), topic, title, PLATFORMS[random.nextInt(PLATFORMS.length)],
                    random.nextInt(48 * 3600), mentions, engagements, impressions));
        }
        return out;
    }

    static void csv(int n, Path file) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder csv = new StringBuilder("title,platform,publishedAt,mentions,engagements,impressions,id\n");
        for (Generated g : generate(n)) {
            csv.append('"').append(g.title().replace("\"", "\"\"")).append("\",").append(g.platform()).append(',')
                    .append(now.minusSeconds(g.ageSeconds())).append(',').append(g.mentions()).append(',')
                    .append(g.engagements()).append(',').append(g.impressions()).append(',').append(g.id())
                    .append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        System.out.println("wrote " + n + " signals to " + file);
    }

    // ---------------------------------------------------------------- clustering cost

    static void cluster() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("bench.sizes", "1250,2500,5000,10000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).sorted().toArray();
        int max = sizes[sizes.length - 1];
        TrendSettings settings;
        try (InputStream in = TrendsBench.class.getResourceAsStream("/config/trends.yaml")) {
            settings = TrendSettings.load(in, "config/trends.yaml");
        }
        TrendSettings.Clustering c = settings.clustering();
        VectorClustering.TopicOptions options = new VectorClustering.TopicOptions(c.maxClusters(),
                c.minClusterSize(), c.sample(), 42);
        double threshold = settings.duplicateSimilarity(MODEL);

        List<Generated> signals = generate(max);
        ObjectNode out = JSON.createObjectNode();
        out.put("model", MODEL).put("threads", THREADS).put("batchSize", BATCH).put("runs", RUNS).put("warmup", WARMUP)
                .put("maxClusters", c.maxClusters()).put("minClusterSize", c.minClusterSize())
                .put("sample", c.sample()).put("seed", 42).put("duplicateSimilarity", threshold)
                .put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode samples = out.putArray("sampleTitles");
        signals.stream().limit(5).forEach(s -> samples.add(s.topic() + ": " + s.title()));

        // embed every title as the scan does (embedEach): once as it is, once after the topic prefix, after warming
        // the model up on a few
        String prefix = c.topicPrefix();
        out.put("topicPrefix", prefix);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<float[]> vectors;
        List<float[]> topicVectors;
        try (OnnxEmbeddingService service = new OnnxEmbeddingService(MODEL, EmbeddingConfiguration.onnxModel(MODEL,
                threads), BATCH, 0.65, new SimpleMeterRegistry(), threads)) {
            List<String> titles = signals.stream().map(Generated::title).toList();
            service.embedEach(titles.subList(0, Math.min(64, titles.size())));
            long t0 = System.nanoTime();
            vectors = service.embedEach(titles);
            topicVectors = prefix.isEmpty() ? vectors
                    : service.embedEach(titles.stream().map(t -> prefix + t).toList());
            double secs = (System.nanoTime() - t0) / 1e9;
            int texts = prefix.isEmpty() ? titles.size() : 2 * titles.size();
            out.putObject("embed").put("texts", texts).put("signals", titles.size()).put("seconds", secs)
                    .put("perSecond", texts / secs).put("signalsPerSecond", titles.size() / secs);
            System.out.printf("(a) embedded %,d titles (%,d texts) in %.1f s: %.1f embeddings/s, %.1f signals/s%n",
                    titles.size(), texts, secs, texts / secs, titles.size() / secs);
        }

        ArrayNode rows = out.putArray("sizes");
        double[] previous = null;
        int previousN = 0;
        for (int n : sizes) {
            // the first n signals (topics mixed), oldest first as TrendStore.window gives them
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingLong((Integer i) -> -signals.get(i).ageSeconds()).thenComparing(i -> i));
            List<float[]> window = order.stream().map(vectors::get).toList();
            List<float[]> topicWindow = order.stream().map(topicVectors::get).toList();
            Run warm = WARMUP ? run(window, topicWindow, options, threshold) : null;
            List<Run> runs = new ArrayList<>();
            for (int r = 0; r < RUNS; r++) {
                runs.add(run(window, topicWindow, options, threshold));
            }
            double total = median(runs.stream().mapToDouble(Run::totalMillis).toArray());
            double topics = median(runs.stream().mapToDouble(Run::topicsMillis).toArray());
            double dups = median(runs.stream().mapToDouble(Run::duplicatesMillis).toArray());
            Run last = runs.get(runs.size() - 1);
            ObjectNode row = rows.addObject();
            row.put("n", n).put("millis", total).put("topicsMillis", topics).put("duplicatesMillis", dups)
                    .put("warmupMillis", warm == null ? null : warm.totalMillis()).put("k", last.k())
                    .put("silhouette", last.silhouette()).put("largestCluster", last.largest())
                    .put("duplicates", last.duplicates());
            ArrayNode all = row.putArray("runsMillis");
            runs.forEach(r -> all.add(r.totalMillis()));
            if (previous != null) {
                double nlogn = (double) n * Math.log(n) / (previousN * Math.log(previousN));
                row.put("ratio", total / previous[0]).put("topicsRatio", topics / previous[1])
                        .put("duplicatesRatio", dups / previous[2]).put("nlognRatio", nlogn)
                        .put("linearRatio", (double) n / previousN);
            }
            System.out.printf("(b) n=%,d: %.0f ms (topics %.0f, duplicates %.0f), k=%d, %d duplicates%s%n", n, total,
                    topics, dups, last.k(), last.duplicates(), previous == null ? "" : String.format(
                            "; x%.2f vs n log n x%.2f", total / previous[0], row.get("nlognRatio").asDouble()));
            previous = new double[] {total, topics, dups};
            previousN = n;
        }
        JSON.writeValue(DIR.resolve("cluster.json").toFile(), out);
        System.out.println("wrote " + DIR.resolve("cluster.json"));
    }

    record Run(double topicsMillis, double duplicatesMillis, int k, double silhouette, int largest, int duplicates) {
        double totalMillis() {
            return topicsMillis + duplicatesMillis;
        }
    }

    /**
     * What TrendScanner.cluster computes before labels, scores and storage: topics (on the topic vectors), then
     * duplicates per topic (on the titles' own vectors).
     */
    static Run run(List<float[]> window, List<float[]> topicWindow, VectorClustering.TopicOptions options,
                   double threshold) {
        long t0 = System.nanoTime();
        VectorClustering.Topics topics = VectorClustering.topics(topicWindow, options);
        long t1 = System.nanoTime();
        List<List<float[]>> members = new ArrayList<>();
        for (int k = 0; k < topics.k(); k++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < window.size(); i++) {
            members.get(topics.assignment()[i]).add(window.get(i));
        }
        int duplicates = 0;
        int largest = 0;
        for (List<float[]> group : members) {
            int[] same = TrendScanner.duplicates(group, threshold);
            for (int i = 0; i < same.length; i++) {
                duplicates += same[i] == i ? 0 : 1;
            }
            largest = Math.max(largest, group.size());
        }
        long t2 = System.nanoTime();
        return new Run((t1 - t0) / 1e6, (t2 - t1) / 1e6, topics.k(), topics.silhouette(), largest, duplicates);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
