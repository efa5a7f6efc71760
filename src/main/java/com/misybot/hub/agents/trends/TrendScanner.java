package com.misybot.hub.agents.trends;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.Vectors;
import com.misybot.hub.memory.vector.VectorClustering;
import com.misybot.hub.platform.OutboundUrlRefusedException;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trend scanner's scheduled work (route {@code trend-scan}): on one replica at a time (a ShedLock lock row in
 * PostgreSQL, as the retention job), it reads the sources that are due, embeds new signals, and re-clusters the
 * window when a signal arrived or the last clustering is older than {@code recluster-every}: topics by
 * VectorClustering, duplicates by meaning merged within a topic, labels by c-TF-IDF, a ViralScore per trend. A trend
 * keeps its id across runs while most of its signals stay together; one that is no longer found fades.
 */
@Component("trendScanner")
public class TrendScanner {

    private static final Logger LOG = LoggerFactory.getLogger(TrendScanner.class);
    static final String LOCK = "trend-scan";
    private static final int EMBED_BATCH = 512;
    private static final int EXAMPLES = 3;
    private static final Duration LOCK_AT_MOST = Duration.ofMinutes(10);

    /** What one scan did. */
    public record Scan(boolean ran, int sourcesRead, int newSignals, int embedded, Integer trends, long millis) {

        /** True when the scan read something new or re-clustered (worth a log line). */
        public boolean changed() {
            return ran && (newSignals > 0 || trends != null);
        }
    }

    private final TrendSettings settings;
    private final TrendSources sources;
    private final TrendStore store;
    private final EmbeddingService model;
    private final LockProvider locks;
    private final ObjectMapper json;
    private final String instance;
    private final Duration lockAtLeast;
    private final ScheduledExecutorService keepAlive;
    private final TransactionTemplate transactions;
    private final AtomicBoolean modelChecked = new AtomicBoolean();

    public TrendScanner(TrendSources sources, TrendStore store, EmbeddingService model, JdbcTemplate jdbc,
                        TransactionTemplate transactions, ObjectMapper json, ResourceLoader resources,
                        @Value("${hub.trends.file:classpath:config/trends.yaml}") String file,
                        @Value("${hub.trends.tick-millis:5000}") long tickMillis) {
        this.sources = sources;
        this.store = store;
        this.model = model;
        this.json = json;
        try (InputStream in = resources.getResource(file).getInputStream()) {
            this.settings = TrendSettings.load(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        settings.duplicateSimilarity(model.model());
        for (TrendSettings.Source source : settings.sources()) {
            if (source.enabled()) {
                checkAtStart(sources, source);
            }
        }
        // the lock is extended while a long scan runs (a backlog of uploads to embed), so it never expires under it
        this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trend-scan-lock");
            t.setDaemon(true);
            return t;
        });
        this.locks = new KeepAliveLockProvider(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder().withJdbcTemplate(jdbc).usingDbTime().build()), keepAlive);
        this.instance = ManagementFactory.getRuntimeMXBean().getName();
        // a replica that finished quickly keeps the lock for most of a tick: the others' ticks find it taken
        this.lockAtLeast = Duration.ofMillis(Math.min(tickMillis * 8 / 10, LOCK_AT_MOST.toMillis() / 2));
        this.transactions = transactions;
    }

    /** A refused URL stops the start; a host that does not resolve now is only warned about (read at its period). */
    private static void checkAtStart(TrendSources sources, TrendSettings.Source source) {
        try {
            sources.check(source);
        } catch (OutboundUrlRefusedException e) {
            if (!e.reason().contains("does not resolve")) {
                throw new IllegalStateException("config/trends.yaml: source " + source.id() + " is refused by "
                        + "hub.security.outbound: " + e.reason(), e);
            }
            LOG.warn("Trend source {}: {} (it is tried at its period)", source.id(), e.reason());
        }
    }

    @PreDestroy
    void stop() {
        keepAlive.shutdownNow();
    }

    public TrendSettings settings() {
        return settings;
    }

    /** One scan, unless another replica holds the lock (then {@code ran} is false and nothing was done). */
    public Scan scan() {
        long t0 = System.nanoTime();
        Optional<SimpleLock> lock = locks.lock(new LockConfiguration(Instant.now(), LOCK, LOCK_AT_MOST, lockAtLeast));
        if (lock.isEmpty()) {
            return new Scan(false, 0, 0, 0, null, 0);
        }
        try {
            // the database's clock decides which sources are due, the same for every replica
            Instant started = store.now();
            if (modelChecked.compareAndSet(false, true)) {
                int forgotten = store.forgetOtherModels(model.model(), settings.clustering().topicPrefix());
                if (forgotten > 0) {
                    LOG.info("Trend signals: {} embedded by another model or topic prefix are embedded again",
                            forgotten);
                }
            }
            int read = 0;
            int added = 0;
            Map<String, TrendStore.SourceState> states = store.sourceStates();
            for (TrendSettings.Source source : settings.sources()) {
                TrendStore.SourceState state = states.get(source.id());
                if (!source.enabled() || state != null && state.lastPolledAt().plus(source.every()).isAfter(started)) {
                    continue;
                }
                read++;
                try {
                    List<Signal> signals = sources.read(source, started);
                    int fresh = store.insert(signals);
                    added += fresh;
                    store.polled(source.id(), instance, "ok", null, signals.size());
                    LOG.info("Trend source {}: {} item(s), {} new", source.id(), signals.size(), fresh);
                } catch (RuntimeException e) {
                    store.polled(source.id(), instance, "failed", TrendSources.describe(e), 0);
                    LOG.warn("Trend source {} could not be read: {}", source.id(), TrendSources.describe(e));
                }
            }
            int embedded = embedPending();
            store.deleteOlderThan(settings.keep());
            Instant since = started.minus(settings.window());
            Optional<Instant> last = store.lastClustered();
            Integer trends = null;
            if (store.unclustered(since, model.model()) || last.isEmpty() && embedded > 0
                    || last.isPresent() && last.get().plus(settings.reclusterEvery()).isBefore(started)) {
                trends = cluster(started);
            }
            return new Scan(true, read, added, embedded, trends, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            lock.get().unlock();
        }
    }

    private int embedPending() {
        int total = 0;
        List<Map.Entry<UUID, String>> batch;
        while (!(batch = store.unembedded(EMBED_BATCH)).isEmpty()) {
            List<String> titles = batch.stream().map(Map.Entry::getValue).toList();
            List<float[]> vectors = model.embedEach(titles);
            // topics are found on the title after a prefix naming what it is (README "Trend scanner"): a second
            // embedding per signal, kept apart from the title's own, which duplicates and questions are matched on
            String prefix = settings.clustering().topicPrefix();
            List<float[]> topicVectors = prefix.isEmpty() ? null
                    : model.embedEach(titles.stream().map(t -> prefix + t).toList());
            store.embedded(batch.stream().map(Map.Entry::getKey).toList(), vectors, topicVectors, model.model(),
                    prefix);
            total += batch.size();
        }
        return total;
    }

    /** Clusters the window into trends, scores and stores them; returns how many trends there are now. */
    int cluster(Instant now) {
        long t0 = System.nanoTime();
        List<TrendStore.Row> rows = store.window(now.minus(settings.window()), model.model());
        List<TrendStore.Stored> known = store.trends(null);
        Map<UUID, TrendStore.Stored> active = new LinkedHashMap<>();
        known.stream().filter(t -> "active".equals(t.status())).forEach(t -> active.put(t.id(), t));
        TrendSettings.Clustering c = settings.clustering();
        VectorClustering.Topics topics = VectorClustering.topics(
                rows.stream().map(TrendStore.Row::topicVector).toList(),
                new VectorClustering.TopicOptions(c.maxClusters(), c.minClusterSize(), c.sample(), 42));
        List<List<TrendStore.Row>> members = new ArrayList<>();
        for (int k = 0; k < topics.k(); k++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            members.get(topics.assignment()[i]).add(rows.get(i));
        }
        double duplicate = settings.duplicateSimilarity(model.model());
        List<TrendStore.Assignment> assignments = new ArrayList<>();
        List<List<TrendStore.Row>> canonicals = new ArrayList<>();
        Map<UUID, Long> storyMentions = new HashMap<>();
        List<List<String>> titles = new ArrayList<>();
        Set<UUID> claimed = new HashSet<>();
        List<UUID> ids = new ArrayList<>();
        Map<UUID, Integer> previousSize = new HashMap<>();
        rows.stream().filter(r -> r.trendId() != null).forEach(r -> previousSize.merge(r.trendId(), 1, Integer::sum));
        for (int k = 0; k < members.size(); k++) {
            // a signal saying what an earlier one of its topic said is a duplicate: it counts as a mention
            List<TrendStore.Row> group = members.get(k);
            int[] same = duplicates(group.stream().map(TrendStore.Row::vector).toList(), duplicate);
            List<TrendStore.Row> kept = new ArrayList<>();
            Map<UUID, UUID> duplicateOf = new HashMap<>();
            for (int i = 0; i < group.size(); i++) {
                TrendStore.Row row = group.get(i);
                TrendStore.Row canonical = group.get(same[i]);
                if (same[i] == i) {
                    kept.add(row);
                } else {
                    duplicateOf.put(row.id(), canonical.id());
                }
                storyMentions.merge(canonical.id(), row.mentions(), Long::sum);
            }
            canonicals.add(kept);
            titles.add(kept.stream().map(TrendStore.Row::title).toList());
            UUID id = identity(members.get(k), previousSize, claimed, active.keySet());
            claimed.add(id);
            ids.add(id);
            for (TrendStore.Row row : members.get(k)) {
                assignments.add(new TrendStore.Assignment(row.id(), id, duplicateOf.get(row.id())));
            }
        }
        List<List<String>> terms = TrendTerms.of(titles, 3);
        // the trends, their events, the signals' assignments and the faded trends change together: a failure
        // half-way leaves the previous trends as they were, and readers never see a half-written clustering
        List<Runnable> writes = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            UUID id = ids.get(k);
            TrendStore.Stored previous = active.get(id);
            // the centroid of the titles' own embeddings: what questions and novelty are compared with
            float[] centroid = Vectors.mean(members.get(k).stream().map(TrendStore.Row::vector).toList());
            // novelty is judged once, against the trends known when this one was first found
            double novelty = previous != null && previous.content().has("novelty")
                    ? previous.content().path("novelty").asDouble() : novelty(centroid, known, id);
            ViralScore score = ViralScore.of(members.get(k).stream().map(r -> new ViralScore.Mention(
                    r.publishedAt(), r.mentions(), r.engagements(), r.impressions())).toList(), novelty, now,
                    settings.score());
            ObjectNode content = content(members.get(k), canonicals.get(k), storyMentions, terms.get(k), centroid,
                    score, novelty);
            writes.add(() -> store.saveTrend(id, "active", content));
            double before = previous == null ? Double.NaN : previous.content().path("score").asDouble(Double.NaN);
            if (previous == null || Math.abs(before - score.score()) >= 0.1) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("trendId", id.toString());
                payload.put("label", content.path("label").asText());
                payload.put("previous", previous == null ? null : before);
                payload.put("score", score.score());
                payload.put("components", score);
                writes.add(() -> store.event("trend.scored", payload));
            }
        }
        writes.add(() -> store.assign(assignments));
        List<UUID> faded = active.keySet().stream().filter(id -> !claimed.contains(id)).toList();
        writes.add(() -> store.fade(faded));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("signals", rows.size());
        run.put("trends", members.size());
        run.put("faded", faded.size());
        run.put("silhouette", ViralScore.round(topics.silhouette(), 4));
        run.put("millis", millis);
        run.put("instance", instance);
        writes.add(() -> store.event("trend.clustered", run));
        transactions.executeWithoutResult(status -> writes.forEach(Runnable::run));
        LOG.info("Trends: {} signal(s) in {} trend(s) ({} faded) in {} ms", rows.size(), members.size(),
                faded.size(), millis);
        return members.size();
    }

    /**
     * The id of a cluster: that of the active trend more than half of whose signals of the window are in it (at most
     * one cluster can hold more than half; of two such trends, the one with more signals here), otherwise new.
     */
    private static UUID identity(List<TrendStore.Row> rows, Map<UUID, Integer> previousSize, Set<UUID> claimed,
                                 Set<UUID> active) {
        Map<UUID, Integer> votes = new HashMap<>();
        for (TrendStore.Row row : rows) {
            if (row.trendId() != null && active.contains(row.trendId())) {
                votes.merge(row.trendId(), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream()
                .filter(e -> !claimed.contains(e.getKey()) && e.getValue() * 2 > previousSize.get(e.getKey()))
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElseGet(UUID::randomUUID);
    }

    /** 1 - the highest cosine similarity of {@code centroid} to the centroid of any other stored trend. */
    private double novelty(float[] centroid, List<TrendStore.Stored> known, UUID self) {
        double max = 0;
        for (TrendStore.Stored trend : known) {
            if (trend.id().equals(self) || !model.model().equals(trend.content().path("model").asText())) {
                continue;
            }
            ArrayNode v = (ArrayNode) trend.content().path("embedding");
            if (v.size() != centroid.length) {
                continue;
            }
            double d = 0;
            for (int i = 0; i < centroid.length; i++) {
                d += centroid[i] * v.get(i).floatValue();
            }
            max = Math.max(max, d);
        }
        return 1 - max;
    }

    private ObjectNode content(List<TrendStore.Row> all, List<TrendStore.Row> kept, Map<UUID, Long> storyMentions,
                               List<String> terms, float[] centroid, ViralScore score, double novelty) {
        ObjectNode content = json.createObjectNode();
        List<TrendStore.Row> examples = kept.stream()
                .sorted(Comparator.comparingDouble((TrendStore.Row r) -> -Vectors.dot(r.vector(), centroid)))
                .limit(EXAMPLES).toList();
        String label = terms.isEmpty() ? examples.get(0).title() : String.join(" · ", terms);
        content.put("label", label);
        content.putPOJO("terms", terms);
        content.put("score", score.score());
        content.putPOJO("viralScore", score);
        content.put("novelty", novelty);
        content.put("size", kept.size());
        content.put("mentions", all.stream().mapToLong(TrendStore.Row::mentions).sum());
        content.put("firstSeen", all.stream().map(TrendStore.Row::publishedAt).min(Instant::compareTo)
                .orElseThrow().toString());
        content.put("lastSeen", all.stream().map(TrendStore.Row::publishedAt).max(Instant::compareTo)
                .orElseThrow().toString());
        ArrayNode ex = content.putArray("examples");
        for (TrendStore.Row r : examples) {
            ObjectNode e = ex.addObject();
            e.put("title", r.title());
            e.put("platform", r.platform());
            e.put("url", r.url());
            e.put("publishedAt", r.publishedAt().toString());
            // its own mentions and those of the signals merged into it
            e.put("mentions", storyMentions.getOrDefault(r.id(), r.mentions()));
        }
        content.put("model", model.model());
        ArrayNode v = content.putArray("embedding");
        for (float f : centroid) {
            v.add(f);
        }
        return content;
    }

    /**
     * For each vector (oldest first), the index of the first earlier vector it is at least {@code threshold} similar
     * to among those kept, or its own index when it is kept: a greedy pass over one topic's signals.
     */
    public static int[] duplicates(List<float[]> vectors, double threshold) {
        int[] same = new int[vectors.size()];
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            same[i] = i;
            for (int j : kept) {
                if (Vectors.dot(vectors.get(j), vectors.get(i)) >= threshold) {
                    same[i] = j;
                    break;
                }
            }
            if (same[i] == i) {
                kept.add(i);
            }
        }
        return same;
    }
}
