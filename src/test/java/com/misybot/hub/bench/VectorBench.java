package com.misybot.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.ai.EmbeddingConfiguration;
import com.misybot.hub.ai.OnnxEmbeddingService;
import com.misybot.hub.memory.vector.InProcessVectorIndex;
import com.misybot.hub.memory.vector.VectorDocument;
import com.misybot.hub.memory.vector.VectorHit;
import com.misybot.hub.memory.vector.VectorQuery;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * Harness of bench/vector.sh (a main, not a test). {@code offline}: (a) embeddings/s of OnnxEmbeddingService vs the
 * LangChain4j ONNX model called directly, interleaved; (b) QPS and recall@10 of InProcessVectorIndex HNSW vs its exact
 * scan, and jvector, on the corpus's real embeddings (cached under target/bench-vector). {@code http <base-url>}:
 * (c) ingest through the knowledge API and top-1 agreement of POST /api/v1/search with exact search. Each mode
 * writes its figures as JSON to target/bench-vector/.
 */
public final class VectorBench {

    static final String MODEL = EmbeddingConfiguration.BGE_SMALL;
    static final long SEED = 4;
    static final int THREADS = Integer.getInteger("bench.threads", 2);
    static final int BATCH = Integer.getInteger("bench.batch", 32);
    static final int CORPUS = Integer.getInteger("bench.corpus", 50_000);
    static final int QUERIES = Integer.getInteger("bench.queries", 500);
    static final int EMBED_SUBSET = Integer.getInteger("bench.embedSubset", 5_000);
    static final String COLLECTION = "bench";
    static final Set<String> GLOBAL_KINDS = Set.of("knowledge", "artifact", "template", "trend", "policy");
    static final Path DIR = Path.of("target/bench-vector");
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        List<String> corpus = BenchCorpus.sentences(CORPUS, SEED);
        List<BenchCorpus.Query> queries = BenchCorpus.queries(corpus, QUERIES, SEED + 1);
        ObjectNode out = JSON.createObjectNode();
        out.put("corpus", corpus.size()).put("queries", queries.size()).put("frames", BenchCorpus.frames())
                .put("framings", BenchCorpus.framings()).put("model", MODEL).put("threads", THREADS)
                .put("batchSize", BATCH);
        Files.write(DIR.resolve("samples.txt"), List.of(String.join("\n", corpus.subList(0, 15)), "--- queries",
                String.join("\n", queries.subList(0, 15).stream().map(q -> q.text() + "   <=   " + corpus.get(q.source())).toList())));
        if (args.length > 0 && args[0].equals("http")) {
            http(args[1], corpus, queries, out);
            write(out, "http.json");
        } else {
            float[][] vectors = offlineEmbeddings(corpus, out);
            ann(corpus, queries, vectors, out);
            write(out, Boolean.getBoolean("bench.annOnly") ? "ann.json" : "offline.json");
        }
    }

    // ---------------------------------------------------------------- (a) embeddings/s

    private static float[][] offlineEmbeddings(List<String> corpus, ObjectNode out) throws Exception {
        Path cached = DIR.resolve("bge-" + corpus.size() + "-" + hash(corpus) + ".f32");
        if (Boolean.getBoolean("bench.annOnly") && Files.exists(cached)) {
            // re-measuring (b) alone on the cached embeddings
            out.put("embeddingsFrom", "cache " + cached);
            return readVectors(cached, corpus.size());
        }
        ExecutorService serviceThreads = Executors.newFixedThreadPool(THREADS);
        ExecutorService directThreads = Executors.newFixedThreadPool(THREADS);
        OnnxEmbeddingService service = new OnnxEmbeddingService(MODEL, EmbeddingConfiguration.onnxModel(MODEL,
                serviceThreads), BATCH, 0.65, new SimpleMeterRegistry(), serviceThreads);
        EmbeddingModel direct = EmbeddingConfiguration.onnxModel(MODEL, directThreads);
        List<String> subset = corpus.subList(0, EMBED_SUBSET);
        List<TextSegment> segments = subset.stream().map(TextSegment::from).toList();
        // warm-up of both sides on texts outside the measured subset
        List<String> warm = corpus.subList(corpus.size() - 400, corpus.size());
        service.embedAll(warm);
        direct.embedAll(warm.stream().map(TextSegment::from).toList());
        int rounds = 10;
        int chunk = EMBED_SUBSET / rounds;
        long serviceNanos = 0;
        long directNanos = 0;
        float[][] first = new float[EMBED_SUBSET][];
        for (int r = 0; r < rounds; r++) {
            List<String> texts = subset.subList(r * chunk, (r + 1) * chunk);
            List<TextSegment> segs = segments.subList(r * chunk, (r + 1) * chunk);
            // alternate which side goes first so neither profits from the order
            for (int side = 0; side < 2; side++) {
                boolean serviceNow = (side == 0) == (r % 2 == 0);
                long t0 = System.nanoTime();
                if (serviceNow) {
                    List<float[]> v = service.embedAll(texts);
                    serviceNanos += System.nanoTime() - t0;
                    for (int i = 0; i < v.size(); i++) {
                        first[r * chunk + i] = v.get(i);
                    }
                } else {
                    direct.embedAll(segs);
                    directNanos += System.nanoTime() - t0;
                }
            }
            System.out.printf("(a) round %d/%d: service %.1f/s, direct %.1f/s%n", r + 1, rounds,
                    (r + 1) * chunk / (serviceNanos / 1e9), (r + 1) * chunk / (directNanos / 1e9));
        }
        double serviceRate = EMBED_SUBSET / (serviceNanos / 1e9);
        double directRate = EMBED_SUBSET / (directNanos / 1e9);
        out.putObject("embed").put("texts", EMBED_SUBSET).put("rounds", rounds)
                .put("serviceRate", serviceRate).put("directRate", directRate).put("ratio", serviceRate / directRate);
        System.out.printf("(a) service %.1f/s, direct %.1f/s, ratio %.3f%n", serviceRate, directRate,
                serviceRate / directRate);
        directThreads.shutdown();

        // the corpus embeddings for (b), cached; the measured subset is reused, the rest embedded by the service
        Path cache = DIR.resolve("bge-" + corpus.size() + "-" + hash(corpus) + ".f32");
        boolean force = Boolean.getBoolean("bench.forceEmbed");
        float[][] vectors;
        if (!force && Files.exists(cache)) {
            vectors = readVectors(cache, corpus.size());
            out.put("embeddingsFrom", "cache " + cache);
        } else {
            vectors = new float[corpus.size()][];
            System.arraycopy(first, 0, vectors, 0, EMBED_SUBSET);
            long t0 = System.nanoTime();
            for (int from = EMBED_SUBSET; from < corpus.size(); from += 1000) {
                List<float[]> v = service.embedAll(corpus.subList(from, Math.min(corpus.size(), from + 1000)));
                for (int i = 0; i < v.size(); i++) {
                    vectors[from + i] = v.get(i);
                }
                if ((from / 1000) % 5 == 0) {
                    System.out.printf("embedding corpus: %d/%d%n", from + v.size(), corpus.size());
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            writeVectors(cache, vectors);
            out.put("embeddingsFrom", "embedded now (" + (corpus.size() - EMBED_SUBSET) + " texts in "
                    + Math.round(secs) + " s), cached in " + cache);
        }
        service.close();
        return vectors;
    }

    // ---------------------------------------------------------------- (b) ANN vs exact

    private static void ann(List<String> corpus, List<BenchCorpus.Query> queries, float[][] vectors, ObjectNode out)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        OnnxEmbeddingService service = new OnnxEmbeddingService(MODEL, EmbeddingConfiguration.onnxModel(MODEL,
                threads), BATCH, 0.65, new SimpleMeterRegistry(), threads);
        List<float[]> q = service.embedAll(queries.stream().map(BenchCorpus.Query::text).toList());
        service.close();
        List<VectorDocument> docs = new ArrayList<>(corpus.size());
        Instant now = Instant.now();
        for (int i = 0; i < corpus.size(); i++) {
            docs.add(new VectorDocument(VectorDocument.knowledgeSourceId(COLLECTION, "d" + i), "d" + i, "knowledge",
                    COLLECTION, null, null, null, corpus.get(i), vectors[i], MODEL, Map.of(), now, null));
        }
        ObjectNode b = out.putObject("ann");
        ArrayNode configs = b.putArray("hnsw");
        // the hub's defaults first; more with -Dbench.hnsw=m/beam/ef,...
        String[] settings = System.getProperty("bench.hnsw", "16/100/100").split(",");
        List<List<String>> truth = null;
        double exactQps = 0;
        for (int c = 0; c < settings.length; c++) {
            String[] p = settings[c].split("/");
            int m = Integer.parseInt(p[0]);
            int beam = Integer.parseInt(p[1]);
            int ef = Integer.parseInt(p[2]);
            InProcessVectorIndex index = new InProcessVectorIndex(m, beam, ef);
            long t0 = System.nanoTime();
            // batches of 1,000 like the knowledge API and the rebuild at start
            for (int from = 0; from < docs.size(); from += 1000) {
                index.upsert(docs.subList(from, Math.min(docs.size(), from + 1000)));
            }
            // as the hub does after its rebuild at start: one segment, one graph
            settle(index);
            index.compact(1);
            int segments = index.segments();
            double buildSecs = (System.nanoTime() - t0) / 1e9;
            if (truth == null) {
                // exact brute force: warm-up, then the timed pass that is also the ground truth
                runQueries(index, q.subList(0, 50), true, true);
                long e0 = System.nanoTime();
                long c0 = cpu();
                truth = runQueries(index, q, true, true);
                b.put("exactWallQps", q.size() / ((System.nanoTime() - e0) / 1e9));
                exactQps = q.size() / ((cpu() - c0) / 1e9);
                int sourceTop1 = 0;
                for (int i = 0; i < queries.size(); i++) {
                    sourceTop1 += truth.get(i).get(0).equals("d" + queries.get(i).source()) ? 1 : 0;
                }
                b.put("exactQps", exactQps).put("exactTop1IsSource", (double) sourceTop1 / queries.size());
                System.out.printf("(b) exact: %.1f QPS; paraphrase's source is the exact top-1 for %.1f %%%n",
                        exactQps, 100.0 * sourceTop1 / queries.size());
            }
            ObjectNode r = configs.addObject().put("m", m).put("beamWidth", beam).put("efSearch", ef)
                    .put("buildSeconds", buildSecs).put("segments", segments);
            measureLucene(index, q, truth, true, exactQps, r);
            if (c == 0) {
                ObjectNode u = b.putObject("hnswUnfiltered");
                measureLucene(index, q, truth, false, exactQps, u);
            }
            index.close();
        }
        ArrayNode jv = b.putArray("jvector");
        for (String s : System.getProperty("bench.jvector", "16/100/100,32/100/100").split(",")) {
            if (s.isBlank() || s.equals("none")) {
                continue;
            }
            String[] p = s.split("/");
            jvector(vectors, q, truth, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    exactQps, jv.addObject());
        }
    }

    private static void measureLucene(InProcessVectorIndex index, List<float[]> q, List<List<String>> truth,
                                      boolean filtered, double exactQps, ObjectNode r) {
        runQueries(index, q, false, filtered);
        runQueries(index, q, false, filtered);
        int passes = 0;
        long t0 = System.nanoTime();
        long c0 = cpu();
        List<List<String>> ann;
        do {
            ann = runQueries(index, q, false, filtered);
            passes++;
        } while (System.nanoTime() - t0 < 3_000_000_000L);
        r.put("wallQps", passes * q.size() / ((System.nanoTime() - t0) / 1e9));
        double qps = passes * q.size() / ((cpu() - c0) / 1e9);
        double recall = recall(ann, truth);
        r.put("filtered", filtered).put("qps", qps).put("recallAt10", recall).put("speedup", qps / exactQps);
        System.out.printf("(b) %s: %.1f QPS (%.1fx exact), recall@10 %.4f%n", r, qps, qps / exactQps, recall);
    }

    /** Waits for background merges, then lets the index refresh its searcher; the number of segments searched. */
    private static int settle(InProcessVectorIndex index) throws Exception {
        var writerField = InProcessVectorIndex.class.getDeclaredField("writer");
        writerField.setAccessible(true);
        var writer = (org.apache.lucene.index.IndexWriter) writerField.get(index);
        while (writer.hasPendingMerges() || !writer.getMergingSegments().isEmpty()) {
            Thread.sleep(100);
        }
        index.upsert(List.of());
        try (var reader = org.apache.lucene.index.DirectoryReader.open(writer)) {
            return reader.leaves().size();
        }
    }

    private static List<List<String>> runQueries(InProcessVectorIndex index, List<float[]> q, boolean exact,
                                                 boolean filtered) {
        List<List<String>> results = new ArrayList<>(q.size());
        for (float[] v : q) {
            VectorQuery query = new VectorQuery(v, 10, filtered ? GLOBAL_KINDS : null, filtered ? COLLECTION : null,
                    null, null, null, null, -1.0, exact);
            List<VectorHit> hits = index.search(query);
            results.add(hits.stream().map(h -> h.document().refId()).toList());
        }
        return results;
    }

    private static double recall(List<List<String>> got, List<List<String>> truth) {
        double sum = 0;
        for (int i = 0; i < truth.size(); i++) {
            Set<String> t = new HashSet<>(truth.get(i));
            sum += got.get(i).stream().filter(t::contains).count() / (double) t.size();
        }
        return sum / truth.size();
    }

    private static void jvector(float[][] vectors, List<float[]> q, List<List<String>> truth, int degree, int beam,
                                int ef, double exactQps, ObjectNode r) throws Exception {
        VectorTypeSupport vts = VectorizationProvider.getInstance().getVectorTypeSupport();
        List<VectorFloat<?>> list = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            list.add(vts.createFloatVector(v));
        }
        RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(list, vectors[0].length);
        long t0 = System.nanoTime();
        ImmutableGraphIndex graph;
        ForkJoinPool pool = new ForkJoinPool(THREADS);
        try (GraphIndexBuilder builder = new GraphIndexBuilder(
                io.github.jbellis.jvector.graph.similarity.BuildScoreProvider.randomAccessScoreProvider(ravv,
                        VectorSimilarityFunction.DOT_PRODUCT),
                ravv.dimension(), degree, beam, 1.2f, 1.2f, true, true, pool, pool)) {
            graph = builder.build(ravv);
        }
        pool.shutdown();
        double buildSecs = (System.nanoTime() - t0) / 1e9;
        List<VectorFloat<?>> qv = q.stream().<VectorFloat<?>>map(vts::createFloatVector).toList();
        GraphSearcher searcher = new GraphSearcher(graph);
        for (int w = 0; w < 2; w++) {
            jvectorQueries(searcher, ravv, qv, ef);
        }
        int passes = 0;
        long s0 = System.nanoTime();
        long c0 = cpu();
        List<List<String>> ann;
        do {
            ann = jvectorQueries(searcher, ravv, qv, ef);
            passes++;
        } while (System.nanoTime() - s0 < 3_000_000_000L);
        r.put("wallQps", passes * q.size() / ((System.nanoTime() - s0) / 1e9));
        double qps = passes * q.size() / ((cpu() - c0) / 1e9);
        double recall = recall(ann, truth);
        r.put("maxDegree", degree).put("beamWidth", beam).put("efSearch", ef).put("buildSeconds", buildSecs)
                .put("buildThreads", THREADS).put("qps", qps).put("recallAt10", recall).put("speedup", qps / exactQps)
                .put("vectorization", VectorizationProvider.getInstance().getClass().getSimpleName());
        System.out.printf("(b) jvector %s%n", r);
        searcher.close();
    }

    private static List<List<String>> jvectorQueries(GraphSearcher searcher, RandomAccessVectorValues ravv,
                                                     List<VectorFloat<?>> qv, int ef) {
        List<List<String>> results = new ArrayList<>(qv.size());
        for (VectorFloat<?> v : qv) {
            SearchResult sr = searcher.search(DefaultSearchScoreProvider.exact(v, VectorSimilarityFunction.DOT_PRODUCT,
                    ravv), 10, ef, 0f, 0f, Bits.ALL);
            List<String> ids = new ArrayList<>(10);
            for (SearchResult.NodeScore ns : sr.getNodes()) {
                ids.add("d" + ns.node);
            }
            results.add(ids);
        }
        return results;
    }

    // ---------------------------------------------------------------- (c) through the running hub

    private static void http(String base, List<String> corpus, List<BenchCorpus.Query> queries, ObjectNode out)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ObjectNode login = JSON.createObjectNode().put("grant_type", "password").put("username", "admin")
                .put("password", System.getenv("HUB_ADMIN_PASSWORD"));
        String token = post(client, base + "/api/v1/auth/token", null, login).get("access_token").asText();
        long t0 = System.nanoTime();
        long loggedIn = System.nanoTime();
        for (int from = 0; from < corpus.size(); from += 1000) {
            // an ingest slower than the access token's lifetime (15 min by default) needs fresh tokens
            if (System.nanoTime() - loggedIn > 300_000_000_000L) {
                token = post(client, base + "/api/v1/auth/token", null, login).get("access_token").asText();
                loggedIn = System.nanoTime();
            }
            ArrayNode docs = JSON.createArrayNode();
            for (int i = from; i < Math.min(corpus.size(), from + 1000); i++) {
                docs.addObject().put("id", "d" + i).put("text", corpus.get(i));
            }
            JsonNode reply = post(client, base + "/api/v1/knowledge/" + COLLECTION + "/documents", token, docs);
            if (reply.path("upserted").asInt() != docs.size()) {
                throw new IllegalStateException("unexpected reply " + reply);
            }
            if ((from / 1000) % 5 == 4) {
                System.out.printf("(c) ingested %d/%d (%.1f docs/s)%n", from + docs.size(), corpus.size(),
                        (from + docs.size()) / ((System.nanoTime() - t0) / 1e9));
            }
        }
        double ingestSecs = (System.nanoTime() - t0) / 1e9;
        // a fresh token: a slow ingest must not outlive the access token (hub.security.jwt.access-token-ttl)
        token = post(client, base + "/api/v1/auth/token", null, login).get("access_token").asText();
        int agree = 0;
        double recall = 0;
        long annNanos = 0;
        long exactNanos = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            String text = queries.get(i).text();
            ObjectNode ann = JSON.createObjectNode().put("query", text).put("collection", COLLECTION)
                    .put("topK", 10).put("minScore", -1);
            ObjectNode exact = ann.deepCopy().put("exact", true);
            // alternate the order so neither side profits from a warm cache or JIT
            long a0 = System.nanoTime();
            JsonNode first = post(client, base + "/api/v1/search", token, i % 2 == 0 ? ann : exact);
            long a1 = System.nanoTime();
            JsonNode second = post(client, base + "/api/v1/search", token, i % 2 == 0 ? exact : ann);
            long a2 = System.nanoTime();
            JsonNode annReply = i % 2 == 0 ? first : second;
            JsonNode exactReply = i % 2 == 0 ? second : first;
            annNanos += i % 2 == 0 ? a1 - a0 : a2 - a1;
            exactNanos += i % 2 == 0 ? a2 - a1 : a1 - a0;
            List<String> a = ids(annReply);
            List<String> e = ids(exactReply);
            if (!a.isEmpty() && !e.isEmpty() && a.get(0).equals(e.get(0))) {
                agree++;
            } else if (disagreements.size() < 5) {
                disagreements.add(text + " -> ann " + (a.isEmpty() ? "-" : a.get(0)) + ", exact "
                        + (e.isEmpty() ? "-" : e.get(0)));
            }
            Set<String> t = new HashSet<>(e);
            recall += e.isEmpty() ? 0 : a.stream().filter(t::contains).count() / (double) e.size();
        }
        out.putObject("http").put("ingestDocs", corpus.size()).put("ingestSeconds", ingestSecs)
                .put("ingestRate", corpus.size() / ingestSecs).put("top1Agreement", (double) agree / queries.size())
                .put("recallAt10", recall / queries.size())
                .put("annMeanMs", annNanos / 1e6 / queries.size()).put("exactMeanMs", exactNanos / 1e6 / queries.size())
                .set("disagreements", JSON.valueToTree(disagreements));
        System.out.printf("(c) ingest %.1f docs/s; top-1 agreement %.2f %%%n", corpus.size() / ingestSecs,
                100.0 * agree / queries.size());
    }

    private static List<String> ids(JsonNode reply) {
        List<String> ids = new ArrayList<>();
        reply.path("results").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    private static JsonNode post(HttpClient client, String url, String token, JsonNode body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    // ---------------------------------------------------------------- helpers

    /**
     * CPU time of the measuring thread: single-threaded QPS per CPU-second does not depend on what else the shared
     * machine runs (the searches run entirely on the calling thread), wall-clock QPS does.
     */
    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String hash(List<String> corpus) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String s : corpus) {
            sha.update(s.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        sha.update(MODEL.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    private static void writeVectors(Path file, float[][] vectors) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(vectors.length);
            out.writeInt(vectors[0].length);
            for (float[] v : vectors) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
    }

    private static float[][] readVectors(Path file, int n) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            int dims = in.readInt();
            if (count != n) {
                throw new IOException(file + " holds " + count + " vectors, expected " + n);
            }
            float[][] vectors = new float[count][dims];
            for (float[] v : vectors) {
                for (int i = 0; i < dims; i++) {
                    v[i] = in.readFloat();
                }
            }
            return vectors;
        }
    }

    private static void write(ObjectNode out, String name) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(DIR.resolve(name).toFile(), out);
        System.out.println("wrote " + DIR.resolve(name));
    }

    private VectorBench() {
    }
}
