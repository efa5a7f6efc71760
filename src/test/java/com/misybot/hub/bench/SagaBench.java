package com.misybot.hub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.HubApplication;
import com.misybot.hub.saga.SagaControl;
import com.misybot.hub.saga.SagaStatus;
import com.misybot.hub.saga.SagaStore;
import com.misybot.hub.support.HubProcess;
import com.misybot.hub.support.PublishPlatformStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Variable;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaCompletionMode;
import org.apache.camel.model.SagaPropagation;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Harness of bench/saga.sh (a main, not a test). {@code overhead [persistent|memory]}: per-step cost of the saga EIP
 * over the hub's saga service, in-process, as N step routes called with and without a saga, interleaved, plus the
 * latency of each saga statement on its own. {@code recovery <workers>}: 1,000 viralization runs in the packaged
 * jar, SIGKILL mid-flight, restart, time until every saga is finished. Each writes JSON to target/bench-saga/.
 */
public final class SagaBench {

    static final Path DIR = Path.of("target/bench-saga");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DB = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/hub_bench_saga");
    static final int STEPS = Integer.getInteger("bench.steps", 5);
    static final int WARMUP = Integer.getInteger("bench.warmup", 500);
    static final int ITERATIONS = Integer.getInteger("bench.iterations", 3000);
    static final int RUNS = Integer.getInteger("bench.runs", 1000);
    static final int RUN_WORKERS = Integer.getInteger("bench.runWorkers", 256);
    static final String ADMIN_PASSWORD = "saga-bench-" + UUID.randomUUID();

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        switch (args[0]) {
            case "overhead" -> overhead(args.length > 1 ? args[1] : "persistent");
            case "recovery" -> recovery(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("overhead [persistent|memory] | recovery <saga-workers>");
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- (a) per-step overhead, in-process

    /**
     * The two sides of (a): {@code direct:bench-plain} calls N step routes; {@code direct:bench-saga} is the same
     * inside a saga (REQUIRES_NEW, MANUAL), each step a MANDATORY participant with a compensation and, as the
     * pipeline's steps do, a checkpoint (SagaControl.stepDone), then saga:complete.
     */
    public static class BenchSagaRoutes extends RouteBuilder {

        @Override
        public void configure() {
            Processor work = new Work();
            Checkpoint checkpoint = new Checkpoint(getContext().getRegistry().findSingleByType(SagaControl.class));
            var plain = from("direct:bench-plain").routeId("bench-plain");
            for (int i = 1; i <= STEPS; i++) {
                plain.to("direct:bench-plain-" + i);
                from("direct:bench-plain-" + i).routeId("bench-plain-" + i)
                        .setVariable("step", constant("s" + i))
                        .process(work);
            }
            // (a saga EIP wraps its whole route)
            var saga = from("direct:bench-saga").routeId("bench-saga")
                    .saga().propagation(SagaPropagation.REQUIRES_NEW).completionMode(SagaCompletionMode.MANUAL);
            for (int i = 1; i <= STEPS; i++) {
                saga.to("direct:bench-saga-" + i);
                from("direct:bench-saga-" + i).routeId("bench-saga-" + i)
                        .saga().propagation(SagaPropagation.MANDATORY).option("sagaStep", constant("s" + i))
                            .compensation("direct:bench-noop")
                        .setVariable("step", constant("s" + i))
                        .process(work)
                        .bean(checkpoint, "done");
            }
            saga.to("saga:complete");
            from("direct:bench-noop").routeId("bench-noop").setBody(constant("undone"));
        }
    }

    /** The small piece of work every step does, with and without the saga. */
    static final class Work implements Processor {
        @Override
        public void process(Exchange exchange) {
            String body = exchange.getMessage().getBody(String.class);
            exchange.getMessage().setBody(body + "|" + exchange.getVariable("step", String.class));
        }
    }

    /** The pipeline's per-step checkpoint; a no-op where the saga service has none (Camel's in-memory one). */
    public static final class Checkpoint {
        private final SagaControl control;

        Checkpoint(SagaControl control) {
            this.control = control;
        }

        public void done(@Header(Exchange.SAGA_LONG_RUNNING_ACTION) String sagaId, @Variable("step") String step) {
            if (control != null) {
                control.stepDone(UUID.fromString(sagaId), step);
            }
        }
    }

    private static void overhead(String mode) throws Exception {
        resetDatabase();
        Path data = Files.createTempDirectory("saga-bench");
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class, BenchSagaRoutes.class)
                .run("--spring.profiles.active=services,test",
                        "--spring.datasource.url=" + DB,
                        "--server.port=0",
                        "--hub.embedded.data-dir=" + data,
                        "--camel.main.jmx-enabled=false",
                        "--hub.bus.transport=local",
                        "--hub.saga.mode=" + mode,
                        "--logging.level.root=WARN");
        ObjectNode out = JSON.createObjectNode().put("mode", mode).put("steps", STEPS).put("warmup", WARMUP)
                .put("iterations", ITERATIONS);
        try {
            ProducerTemplate template = hub.getBean(ProducerTemplate.class);
            long[] plain = new long[ITERATIONS];
            long[] saga = new long[ITERATIONS];
            for (int i = 0; i < WARMUP; i++) {
                call(template, "direct:bench-plain");
                call(template, "direct:bench-saga");
            }
            for (int i = 0; i < ITERATIONS; i++) {
                // interleaved, the side going first alternating
                if (i % 2 == 0) {
                    plain[i] = call(template, "direct:bench-plain");
                    saga[i] = call(template, "direct:bench-saga");
                } else {
                    saga[i] = call(template, "direct:bench-saga");
                    plain[i] = call(template, "direct:bench-plain");
                }
            }
            ObjectNode a = percentiles(plain);
            ObjectNode b = percentiles(saga);
            out.set("plain", a);
            out.set("saga", b);
            out.put("overheadPerStepP50Ms", (b.get("p50").asDouble() - a.get("p50").asDouble()) / STEPS);
            out.put("overheadPerStepP90Ms", (b.get("p90").asDouble() - a.get("p90").asDouble()) / STEPS);
            out.put("overheadPerStepP99Ms", (b.get("p99").asDouble() - a.get("p99").asDouble()) / STEPS);
            System.out.printf("(a) %s: plain %s; saga %s; per step at p50 %.3f ms%n", mode, a, b,
                    out.get("overheadPerStepP50Ms").asDouble());
            if ("persistent".equals(mode)) {
                out.set("statements", statements(hub.getBean(SagaStore.class)));
                out.set("commit", commitBaseline());
                out.set("sagaRows", sagaRows());
            }
        } finally {
            hub.close();
        }
        write(out, "overhead-" + mode + ".json");
    }

    private static long call(ProducerTemplate template, String uri) {
        long t0 = System.nanoTime();
        Exchange result = template.send(uri, e -> e.getMessage().setBody("x"));
        long t = System.nanoTime() - t0;
        if (result.getException() != null) {
            throw new IllegalStateException(uri + " failed", result.getException());
        }
        return t;
    }

    /**
     * Each statement of the saga log on its own, in the order one saga of the bench issues them: insert, N x
     * (step begin + checkpoint), transition to COMPLETING, select saga, select steps, transition to COMPLETED.
     */
    private static ObjectNode statements(SagaStore store) {
        Map<String, long[]> times = new LinkedHashMap<>();
        int n = 1000;
        for (String k : List.of("insert", "stepBegin", "stepFinish", "toCompleting", "find", "steps", "toCompleted")) {
            times.put(k, new long[n]);
        }
        String instance = "bench-" + UUID.randomUUID();
        for (int i = -200; i < n; i++) {
            UUID id = UUID.randomUUID();
            long begin = 0;
            long finish = 0;
            long t = timed(() -> {
                store.insert(id, "bench-statements", null, null, null, instance, Duration.ofSeconds(15));
                return null;
            });
            for (int s = 1; s <= STEPS; s++) {
                String name = "s" + s;
                begin += timed(() -> store.beginStep(id, name, "direct:bench-noop", null, "{\"sagaStep\":\"" + name
                        + "\"}", null));
                finish += timed(() -> store.finishStep(id, name, SagaStatus.STEP_DONE, null));
            }
            long c1 = timed(() -> store.transition(id, List.of(SagaStatus.RUNNING), SagaStatus.COMPLETING, true,
                    instance, Duration.ofSeconds(15), null, null));
            long f = timed(() -> store.find(id));
            long st = timed(() -> store.steps(id));
            long c2 = timed(() -> store.transition(id, List.of(SagaStatus.COMPLETING), SagaStatus.COMPLETED, false,
                    null, Duration.ofSeconds(15), null, null));
            if (i >= 0) {
                times.get("insert")[i] = t;
                times.get("stepBegin")[i] = begin / STEPS;
                times.get("stepFinish")[i] = finish / STEPS;
                times.get("toCompleting")[i] = c1;
                times.get("find")[i] = f;
                times.get("steps")[i] = st;
                times.get("toCompleted")[i] = c2;
            }
        }
        ObjectNode out = JSON.createObjectNode();
        times.forEach((k, v) -> out.set(k, percentiles(v)));
        System.out.printf("(a) statements: %s%n", out);
        return out;
    }

    /** What one autocommitted single-row UPDATE (a WAL flush) costs on this machine: the floor of any statement. */
    private static ObjectNode commitBaseline() throws Exception {
        long[] t = new long[1000];
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS bench_commit (id int PRIMARY KEY, n int NOT NULL)");
            sql.execute("INSERT INTO bench_commit VALUES (1, 0) ON CONFLICT DO NOTHING");
            try (var update = db.prepareStatement("UPDATE bench_commit SET n = n + 1 WHERE id = 1")) {
                for (int i = -200; i < t.length; i++) {
                    long t0 = System.nanoTime();
                    update.executeUpdate();
                    if (i >= 0) {
                        t[i] = System.nanoTime() - t0;
                    }
                }
            }
            sql.execute("DROP TABLE bench_commit");
        }
        ObjectNode out = percentiles(t);
        try (Connection db = connect(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SHOW server_version")) {
            rs.next();
            out.put("pgVersion", rs.getString(1));
        }
        System.out.printf("(a) one-row UPDATE + commit: %s%n", out);
        return out;
    }

    private static long timed(Supplier<?> action) {
        long t0 = System.nanoTime();
        action.get();
        return System.nanoTime() - t0;
    }

    private static ObjectNode sagaRows() throws Exception {
        ObjectNode out = JSON.createObjectNode();
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            out.put("sagas", count(sql, "SELECT count(*) FROM saga WHERE name = 'saga'"));
            out.put("steps", count(sql, "SELECT count(*) FROM saga_step st JOIN saga s ON s.id = st.saga_id "
                    + "WHERE s.name = 'saga'"));
            out.put("completed", count(sql, "SELECT count(*) FROM saga WHERE name = 'saga' AND status = 'COMPLETED'"));
        }
        return out;
    }

    private static ObjectNode percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        ObjectNode p = JSON.createObjectNode();
        p.put("p50", sorted[(int) (sorted.length * 0.50)] / 1e6);
        p.put("p90", sorted[(int) (sorted.length * 0.90)] / 1e6);
        p.put("p99", sorted[(int) (sorted.length * 0.99)] / 1e6);
        p.put("mean", Arrays.stream(sorted).average().orElse(0) / 1e6);
        return p;
    }

    // ---------------------------------------------------------------- (b) recovery after SIGKILL

    private static void recovery(int sagaWorkers) throws Exception {
        resetDatabase();
        Files.deleteIfExists(Path.of("target/saga-bench-hub-1.log"));
        Files.deleteIfExists(Path.of("target/saga-bench-hub-2.log"));
        ObjectNode out = JSON.createObjectNode().put("runs", RUNS).put("runWorkers", RUN_WORKERS)
                .put("sagaWorkers", sagaWorkers);
        try (PublishPlatformStub platform = PublishPlatformStub.start()) {
            // the platform holds every POST until it is told otherwise: runs pile up in the publish step
            platform.delay(3_600_000);
            String[] args = HubProcess.pipelineArgs(DB, platform, "--hub.publish.timeout-millis=600000",
                    "--hub.pipelines.viralization.workers=" + RUN_WORKERS, "--hub.saga.workers=" + sagaWorkers);
            out.set("args", JSON.valueToTree(args));
            Map<String, String> env = Map.of("HUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
            HubProcess first = HubProcess.start("saga-bench-hub-1", env, args);
            Instant killedAt;
            try {
                String token = token(first);
                String session = "saga-bench-" + System.nanoTime();
                post(first, token, "/api/v1/sessions/" + session + "/messages",
                        "{\"text\":\"We sell cold brew coffee\",\"channel\":\"web\"}", 202);
                long t0 = System.nanoTime();
                ExecutorService posters = Executors.newFixedThreadPool(4);
                AtomicInteger accepted = new AtomicInteger();
                List<Future<?>> posts = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    int n = i;
                    posts.add(posters.submit(() -> {
                        post(first, token, "/api/v1/pipelines/viralization/runs",
                                "{\"sessionId\":\"" + session + "\",\"brief\":\"Reel " + n
                                        + " about our cold brew\",\"platforms\":[\"tiktok\",\"youtube-shorts\"]}", 202);
                        return accepted.incrementAndGet();
                    }));
                }
                for (Future<?> f : posts) {
                    f.get();
                }
                posters.shutdown();
                out.put("acceptSeconds", (System.nanoTime() - t0) / 1e9);
                System.out.printf("(b) %d runs accepted in %.1f s%n", accepted.get(), (System.nanoTime() - t0) / 1e9);
                // wait until the runs the workers hold have reached the publish step (or stop moving)
                int target = Math.min(RUN_WORKERS, RUNS);
                int last = -1;
                long still = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                while (System.nanoTime() < deadline) {
                    int publishing = query("SELECT count(DISTINCT run_id) FROM publication WHERE status = 'PUBLISHING'");
                    if (publishing >= target) {
                        break;
                    }
                    if (publishing != last) {
                        last = publishing;
                        still = System.nanoTime();
                    } else if (System.nanoTime() - still > 8_000_000_000L) {
                        break;
                    }
                    Thread.sleep(200);
                }
                out.put("pileUpSeconds", (System.nanoTime() - t0) / 1e9);
            } finally {
                killedAt = Instant.now();
                first.kill();
            }
            ObjectNode atKill = out.putObject("atKill");
            atKill.set("statuses", statusCounts());
            atKill.set("latestStep", latestSteps());
            atKill.set("publications", grouped("SELECT status, count(*) FROM publication GROUP BY status"));
            atKill.put("leaseUntilMax", instantOf("SELECT max(lease_until) FROM saga WHERE status IN "
                    + "('RUNNING', 'COMPENSATING', 'COMPLETING')").toString());
            atKill.put("killedAt", killedAt.toString());
            System.out.printf("(b) at the kill: %s%n", atKill);
            platform.delay(0);
            int callsBefore = platform.calls().size();

            // restart and time the recovery
            long r0 = System.nanoTime();
            Instant restartAt = Instant.now();
            try (HubProcess second = HubProcess.start("saga-bench-hub-2", env, args)) {
                long healthy = System.nanoTime();
                Instant healthyAt = Instant.now();
                int finished = 0;
                long deadline = healthy + Duration.ofSeconds(600).toNanos();
                while (System.nanoTime() < deadline) {
                    finished = query("SELECT count(*) FROM saga WHERE name = 'viralization' AND status IN "
                            + "('COMPLETED', 'COMPENSATED', 'FAILED_COMPENSATION')");
                    if (finished >= RUNS) {
                        break;
                    }
                    Thread.sleep(50);
                }
                long done = System.nanoTime();
                Instant leaseEnd = Instant.parse(atKill.get("leaseUntilMax").asText());
                ObjectNode r = out.putObject("recovery");
                r.put("restartAt", restartAt.toString()).put("healthyAt", healthyAt.toString())
                        .put("startToHealthySeconds", (healthy - r0) / 1e9)
                        .put("healthyToAllFinishedSeconds", (done - healthy) / 1e9)
                        .put("finished", finished)
                        .put("leaseEndAfterKillSeconds", Duration.between(killedAt, leaseEnd).toMillis() / 1e3)
                        .put("leaseEndBeforeHealthySeconds", Duration.between(leaseEnd, healthyAt).toMillis() / 1e3)
                        .put("killToAllFinishedSeconds", Duration.between(killedAt, Instant.now()).toMillis() / 1e3);
                r.set("statuses", statusCounts());
                // the recovery's own timeline from the database's clock
                try (Connection db = connect(); Statement sql = db.createStatement();
                     ResultSet rs = sql.executeQuery("SELECT min(finished_at), max(finished_at), count(*) FROM saga "
                             + "WHERE name = 'viralization' AND finished_at > '" + restartAt + "'")) {
                    rs.next();
                    r.put("firstFinishedAt", rs.getTimestamp(1).toInstant().toString())
                            .put("lastFinishedAt", rs.getTimestamp(2).toInstant().toString())
                            .put("firstToLastFinishedSeconds", Duration.between(rs.getTimestamp(1).toInstant(),
                                    rs.getTimestamp(2).toInstant()).toMillis() / 1e3)
                            .put("firstFinishedAfterHealthySeconds", Duration.between(healthyAt,
                                    rs.getTimestamp(1).toInstant()).toMillis() / 1e3);
                }
                r.set("byKind", byKind(restartAt));
                r.set("claimPasses", claimPasses(Path.of("target/saga-bench-hub-2.log")));
                r.put("compensations", query("SELECT COALESCE(sum(compensations), 0) FROM saga_step"));
                r.put("stepsCompensatedMoreThanOnce", query("SELECT count(*) FROM saga_step WHERE compensations > 1"));
                r.put("compensationAttemptsFailed", query("SELECT COALESCE(sum(attempts), 0) FROM saga_step"));
                r.set("stepStatuses", grouped("SELECT name || ' ' || status, count(*) FROM saga_step GROUP BY 1"));
                r.set("publications", grouped("SELECT status, count(*) FROM publication GROUP BY status"));
                List<PublishPlatformStub.Call> calls = platform.calls();
                Map<String, Integer> byMethod = new LinkedHashMap<>();
                calls.subList(callsBefore, calls.size()).forEach(c -> byMethod.merge(c.method(), 1, Integer::sum));
                r.set("platformCallsDuringRecovery", JSON.valueToTree(byMethod));
                Map<String, Integer> deletes = new LinkedHashMap<>();
                calls.stream().filter(c -> c.method().equals("DELETE")).forEach(c -> deletes.merge(c.postId(), 1,
                        Integer::sum));
                r.put("postsDeletedTwice", deletes.values().stream().filter(v -> v > 1).count());
                r.put("livePostsAfter", platform.livePosts().size());
                System.out.printf("(b) recovery: %s%n", r);
                if (finished < RUNS) {
                    System.out.println("(b) NOT all sagas finished within 600 s");
                    // what CI prints (only lines starting with "(") must say why
                    System.out.printf("(b) unfinished sagas by status, error and next attempt: %s%n", grouped(
                            "SELECT status || ' | ' || COALESCE(error, '-') || ' | next attempt ' || COALESCE("
                                    + "to_char(next_attempt_at - now(), 'HH24:MI:SS'), 'none') || ' | lease ' || "
                                    + "to_char(lease_until - now(), 'HH24:MI:SS'), count(*) FROM saga WHERE name = "
                                    + "'viralization' AND finished_at IS NULL GROUP BY 1"));
                    System.out.printf("(b) failed steps by error: %s%n", grouped("SELECT name || ' ' || status || "
                            + "' | ' || COALESCE(error, '-'), count(*) FROM saga_step WHERE attempts > 0 GROUP BY 1"));
                    System.out.printf("(b) recovery passes logged: %s; last log lines:%n", claimPasses(
                            Path.of("target/saga-bench-hub-2.log")).size());
                    List<String> lines = Files.readAllLines(Path.of("target/saga-bench-hub-2.log"));
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                            .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("saga"))
                            .forEach(l -> System.out.println("(b) log " + l.substring(0, Math.min(400, l.length()))));
                }
            }
        }
        write(out, "recovery-w" + sagaWorkers + ".json");
    }

    /** Sagas the restarted hub finished: when those with something to undo did, and those with nothing to undo. */
    private static ArrayNode byKind(Instant restartAt) throws Exception {
        ArrayNode out = JSON.createArrayNode();
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(
                "SELECT EXISTS (SELECT 1 FROM saga_step WHERE saga_id = s.id AND compensations > 0) AS undone, "
                        + "count(*), min(finished_at), max(finished_at) FROM saga s WHERE name = 'viralization' "
                        + "AND finished_at > '" + restartAt + "' GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                out.addObject().put("withCompensations", rs.getBoolean(1)).put("sagas", rs.getInt(2))
                        .put("firstFinishedAt", rs.getTimestamp(3).toInstant().toString())
                        .put("lastFinishedAt", rs.getTimestamp(4).toInstant().toString());
            }
        }
        return out;
    }

    /** The restarted hub's recovery passes that claimed sagas: log time and count. */
    private static ArrayNode claimPasses(Path log) throws Exception {
        ArrayNode out = JSON.createArrayNode();
        for (String line : Files.readAllLines(log)) {
            if (line.contains("Saga recovery claimed")) {
                JsonNode json = JSON.readTree(line);
                String message = json.path("message").asText();
                out.addObject().put("at", json.path("@timestamp").asText())
                        .put("claimed", Integer.parseInt(message.replaceAll("\\D+", " ").trim().split(" ")[0]));
            }
        }
        return out;
    }

    private static ObjectNode statusCounts() throws Exception {
        return grouped("SELECT status, count(*) FROM saga WHERE name = 'viralization' GROUP BY status");
    }

    /** Where each unfinished run was: the name and status of its latest step. */
    private static ObjectNode latestSteps() throws Exception {
        return grouped("SELECT COALESCE(st.name || ' ' || st.status, 'none'), count(*) FROM saga s "
                + "LEFT JOIN LATERAL (SELECT name, status FROM saga_step WHERE saga_id = s.id "
                + "ORDER BY step_index DESC LIMIT 1) st ON true WHERE s.name = 'viralization' GROUP BY 1 ORDER BY 1");
    }

    private static ObjectNode grouped(String query) throws Exception {
        ObjectNode out = JSON.createObjectNode();
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }

    private static Instant instantOf(String query) throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static String token(HubProcess hub) throws Exception {
        return post(hub, null, "/api/v1/auth/token", "{\"grant_type\":\"password\",\"username\":\"admin\","
                + "\"password\":\"" + ADMIN_PASSWORD + "\"}", 200).path("access_token").asText();
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static JsonNode post(HubProcess hub, String token, String path, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(path + " -> " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    // ---------------------------------------------------------------- helpers

    private static void resetDatabase() throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            sql.execute("DROP SCHEMA public CASCADE");
            sql.execute("CREATE SCHEMA public");
        }
    }

    private static int query(String query) throws Exception {
        try (Connection db = connect(); Statement sql = db.createStatement()) {
            return count(sql, query);
        }
    }

    private static int count(Statement sql, String query) throws Exception {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(DB, System.getenv().getOrDefault("HUB_DB_USER", "hub"),
                System.getenv().getOrDefault("HUB_DB_PASSWORD", "hub"));
    }

    private static void write(ObjectNode out, String name) throws Exception {
        out.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
        JSON.writerWithDefaultPrettyPrinter().writeValue(DIR.resolve(name).toFile(), out);
        System.out.println("wrote " + DIR.resolve(name));
    }

    private SagaBench() {
    }
}
