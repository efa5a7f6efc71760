package com.misybot.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.platform.ParsedSqlStatements;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.sql.SqlEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The context service end to end over HTTP against the real Redis and PostgreSQL (profiles services + test). */
class ContextIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    @Qualifier("contextRedisTemplate")
    RedisTemplate<String, byte[]> redis;

    @Autowired
    StringRedisTemplate strings;

    @Autowired
    ContextProperties properties;

    @Autowired
    ContextCodec codec;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CamelContext camel;

    @Test
    void should_serve_the_second_read_from_redis_with_the_configured_ttl_when_context_is_read_twice() {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "hello");
        double hits = cacheCount("hit");
        double misses = cacheCount("miss");

        // when
        Http.Answer first = getContext(session, alice);
        Long ttlSeconds = redis.getExpire(properties.bundleKey(session), TimeUnit.SECONDS);
        byte[] stored = redis.opsForValue().get(properties.bundleKey(session));
        Http.Answer second = getContext(session, alice);

        // then
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(cacheCount("miss") - misses).isEqualTo(1);
        assertThat(cacheCount("hit") - hits).isEqualTo(1);
        assertThat(ttlSeconds).isBetween(properties.cacheTtl().toSeconds() - 30, properties.cacheTtl().toSeconds());
        assertThat(Duration.ofSeconds(ttlSeconds)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(15));
        assertThat(stored).isNotNull();
        assertThat(new String(stored, StandardCharsets.UTF_8)).startsWith("{").contains(session);
        assertThat(second.body()).isEqualTo(first.body());
        JsonNode view = second.json();
        assertThat(view.path("ownerId").asText()).isEqualTo(alice.id());
        // the user's message and front-desk's answer to it
        assertThat(view.path("turnCount").asInt()).isEqualTo(2);
        assertThat(view.path("variables")).isEqualTo(JSON.createObjectNode());
        assertThat(view.path("decisions")).isEqualTo(JSON.createArrayNode());
        // a session that set no level has the configured default
        assertThat(view.path("anonymizationLevel").asText()).isEqualTo("pseudonymized");
    }

    @Test
    void should_evict_the_cached_bundle_when_it_is_updated_or_a_message_is_posted() {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "one");
        String key = properties.bundleKey(session);
        long version = getContext(session, alice).json().path("version").asLong();
        assertThat(redis.hasKey(key)).isTrue();

        // when: an update
        Http.Answer put = putContext(session, alice, "{\"version\":" + version + ",\"summary\":\"short\"}");

        // then
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(redis.hasKey(key)).isFalse();

        // when: read again (cached again), then a posted message
        assertThat(getContext(session, alice).json().path("summary").asText()).isEqualTo("short");
        assertThat(redis.hasKey(key)).isTrue();
        post(session, alice, "two");

        // then
        assertThat(redis.hasKey(key)).isFalse();
        JsonNode fresh = getContext(session, alice).json();
        // the update, the message and the agent's reply to it
        assertThat(fresh.path("turnCount").asInt()).isEqualTo(4);
        assertThat(fresh.path("version").asLong()).isEqualTo(version + 3);
    }

    @Test
    void should_give_every_sql_endpoint_the_statement_cache() {
        // every statement the routes run is parsed once (ParsedSqlStatements), not at every call
        List<SqlEndpoint> endpoints = camel.getEndpoints().stream().filter(SqlEndpoint.class::isInstance)
                .map(SqlEndpoint.class::cast).toList();
        assertThat(endpoints).hasSizeGreaterThan(10).allSatisfy(endpoint ->
                assertThat(endpoint.getPrepareStatementStrategy()).as(endpoint.getEndpointUri())
                        .isInstanceOf(ParsedSqlStatements.class));
    }

    @Test
    void should_hand_back_the_callers_body_and_headers_and_no_redis_header_from_the_cache_routes() {
        // given
        String session = "cache-headers-" + System.nanoTime();
        String key = properties.bundleKey(session);
        ProducerTemplate producer = camel.createProducerTemplate();

        // when: put, get, evict, each with the caller's own header
        Exchange put = producer.send("direct:context-cache-put", e -> {
            e.setVariable("sessionId", session);
            e.getMessage().setBody("cached".getBytes(StandardCharsets.UTF_8));
            e.getMessage().setHeader("callerHeader", "kept");
        });
        Exchange get = producer.send("direct:context-cache-get", e -> {
            e.setVariable("sessionId", session);
            e.getMessage().setHeader("callerHeader", "kept");
        });
        Exchange evict = producer.send("direct:context-cache-evict", e -> {
            e.setVariable("sessionId", session);
            e.getMessage().setBody("caller body");
            e.getMessage().setHeader("callerHeader", "kept");
        });

        // then
        for (Exchange done : List.of(put, get, evict)) {
            assertThat(done.getException()).isNull();
            assertThat(done.getMessage().getHeaders()).containsEntry("callerHeader", "kept")
                    .allSatisfy((name, value) -> assertThat(name).doesNotStartWith("CamelRedis"));
        }
        assertThat(new String((byte[]) put.getMessage().getBody(), StandardCharsets.UTF_8)).isEqualTo("cached");
        assertThat(new String(get.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).isEqualTo("cached");
        assertThat(evict.getMessage().getBody()).isEqualTo("caller body");
        assertThat(redis.hasKey(key)).isFalse();
    }

    @Test
    void should_answer_409_naming_the_current_version_and_write_nothing_when_update_is_stale() {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "one");
        long read = getContext(session, alice).json().path("version").asLong();
        Http.Answer winner = putContext(session, alice, "{\"version\":" + read + ",\"summary\":\"winner\"}");
        assertThat(winner.json().path("version").asLong()).isEqualTo(read + 1);

        // when
        Http.Answer stale = putContext(session, alice, "{\"version\":" + read + ",\"summary\":\"loser\","
                + "\"decisions\":[\"lost\"]}");

        // then
        assertProblem(stale, 409, "conflict");
        assertThat(stale.json().path("detail").asText()).contains("version " + (read + 1));
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT summary, CAST(decisions AS text) AS decisions, version FROM context_bundle "
                        + "WHERE session_id = ?", session);
        assertThat(row).containsEntry("summary", "winner").containsEntry("decisions", "[]")
                .containsEntry("version", read + 1);
    }

    @Test
    void should_answer_409_when_a_message_was_posted_after_the_client_read_the_version() {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "one");
        long read = getContext(session, alice).json().path("version").asLong();
        post(session, alice, "two");

        // when
        Http.Answer stale = putContext(session, alice, "{\"version\":" + read + ",\"summary\":\"late\"}");

        // then
        assertProblem(stale, 409, "conflict");
        assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ? AND summary IS NULL", session))
                .isEqualTo(1);
    }

    @Test
    void should_keep_every_decision_when_two_writers_update_one_bundle_concurrently() throws Exception {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "start");
        long initial = getContext(session, alice).json().path("version").asLong();
        int perWriter = 10;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);

        // when: each writer reads, appends its own decision, writes with the version it read; retries on 409/503
        List<Future<Integer>> writers = new ArrayList<>();
        for (String writer : List.of("w1", "w2")) {
            writers.add(pool.submit(() -> {
                start.await();
                int retries = 0;
                for (int i = 0; i < perWriter; i++) {
                    while (true) {
                        JsonNode current = getContext(session, alice).json();
                        ArrayNode decisions = ((ArrayNode) current.path("decisions")).deepCopy();
                        decisions.add(writer + "-" + i);
                        ObjectNode update = JSON.createObjectNode().put("version", current.path("version").asLong());
                        update.set("decisions", decisions);
                        Http.Answer answer = putContext(session, alice, update.toString());
                        if (answer.status() == 200) {
                            break;
                        }
                        assertThat(answer.status()).as(answer.body()).isIn(409, 503);
                        retries++;
                    }
                }
                return retries;
            }));
        }
        start.countDown();
        int retries = 0;
        for (Future<Integer> writer : writers) {
            retries += writer.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // then: 20 successful updates, none lost, each decision exactly once
        JsonNode last = getContext(session, alice).json();
        assertThat(last.path("version").asLong()).isEqualTo(initial + 2L * perWriter);
        List<String> decisions = new ArrayList<>();
        last.path("decisions").forEach(d -> decisions.add(d.asText()));
        assertThat(decisions).hasSize(2 * perWriter).doesNotHaveDuplicates();
        for (int i = 0; i < perWriter; i++) {
            assertThat(decisions).contains("w1-" + i, "w2-" + i);
        }
        String stored = jdbc.queryForObject("SELECT CAST(decisions AS text) FROM context_bundle WHERE session_id = ?",
                String.class, session);
        assertThat(JSON.readTree(stored)).isEqualTo(last.path("decisions"));
        System.out.println("concurrent context writers retried " + retries + " time(s) on 409/503");
    }

    @Test
    void should_store_a_large_bundle_gzip_compressed_and_return_it_unchanged() throws Exception {
        // given: variables well above the 8 KiB threshold
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "big");
        long version = getContext(session, alice).json().path("version").asLong();
        ObjectNode variables = JSON.createObjectNode();
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            variables.put("key-" + i, "valör " + random.nextLong() + " ✓ " + "lorem ipsum ".repeat(i % 7));
        }
        variables.putArray("nested").add(1).add(2.5).add(true).addNull().addObject().put("deep", "ü");
        // level none: the values are random numbers, and one in ten 19-digit ones passes Luhn like a card number,
        // which a pseudonymized session would store as a surrogate
        ObjectNode update = JSON.createObjectNode().put("version", version).put("summary", "big one")
                .put("anonymizationLevel", "none");
        update.set("variables", variables);

        // when
        Http.Answer put = putContext(session, alice, update.toString());
        Http.Answer miss = getContext(session, alice);
        byte[] stored = redis.opsForValue().get(properties.bundleKey(session));
        Http.Answer hit = getContext(session, alice);

        // then: Redis holds gzip, much smaller than the JSON, and both reads give back exactly what was written
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(stored).isNotNull();
        assertThat(stored[0]).isEqualTo((byte) 0x1f);
        assertThat(stored[1]).isEqualTo((byte) 0x8b);
        String json = codec.decode(stored);
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(8192);
        assertThat(stored.length).isLessThan(json.getBytes(StandardCharsets.UTF_8).length / 2);
        assertThat(put.json().path("variables")).isEqualTo(variables);
        assertThat(miss.json()).isEqualTo(put.json());
        assertThat(hit.body()).isEqualTo(miss.body());

        // when: a snapshot of it
        String ref = http.postJson("/api/v1/sessions/" + session + "/snapshots", null,
                Http.bearer(alice.accessToken())).json().path("snapshotRef").asText();

        // then: stored compressed in PostgreSQL too, and read back unchanged
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT encoding, content, content_bytes FROM context_snapshot WHERE ref = ?::uuid", ref);
        byte[] content = (byte[]) row.get("content");
        assertThat(row.get("encoding")).isEqualTo("gzip");
        assertThat(content[0]).isEqualTo((byte) 0x1f);
        assertThat(content.length).isLessThan((Integer) row.get("content_bytes") / 2);
        JsonNode snapshot = http.get("/api/v1/snapshots/" + ref, Http.bearer(alice.accessToken())).json();
        assertThat(snapshot.path("bundle").path("variables")).isEqualTo(variables);
    }

    @Test
    void should_keep_the_snapshot_unchanged_when_the_session_changes_afterwards() {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "first turn");
        long version = getContext(session, alice).json().path("version").asLong();
        putContext(session, alice, "{\"version\":" + version + ",\"summary\":\"before\",\"decisions\":[\"d1\"]}");
        Http.Answer created = http.postJson("/api/v1/sessions/" + session + "/snapshots", null,
                Http.bearer(alice.accessToken()));
        String ref = created.json().path("snapshotRef").asText();
        Http.Answer before = http.get("/api/v1/snapshots/" + ref, Http.bearer(alice.accessToken()));

        // when: the session moves on
        post(session, alice, "second turn");
        long now = getContext(session, alice).json().path("version").asLong();
        putContext(session, alice, "{\"version\":" + now + ",\"summary\":\"after\",\"decisions\":[\"d1\",\"d2\"]}");
        Http.Answer after = http.get("/api/v1/snapshots/" + ref, Http.bearer(alice.accessToken()));

        // then
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(after.body()).isEqualTo(before.body());
        JsonNode snapshot = after.json();
        assertThat(snapshot.path("snapshotRef").asText()).isEqualTo(ref);
        assertThat(snapshot.path("bundleVersion").asLong()).isEqualTo(version + 1);
        assertThat(snapshot.path("bundle").path("summary").asText()).isEqualTo("before");
        assertThat(snapshot.path("bundle").path("decisions")).hasSize(1);
        // the first message and its answer, not what came after the snapshot
        assertThat(snapshot.path("turns")).hasSize(2);
        assertThat(snapshot.path("turns").get(0).path("text").asText()).isEqualTo("first turn");
        assertThat(getContext(session, alice).json().path("summary").asText()).isEqualTo("after");
        assertThatThrownBy(() -> jdbc.update("UPDATE context_snapshot SET owner_id = 'x' WHERE ref = ?::uuid", ref))
                .hasMessageContaining("immutable");
    }

    @Test
    void should_answer_400_problem_and_write_nothing_when_update_body_is_invalid() {
        // given
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "one");
        long version = getContext(session, alice).json().path("version").asLong();

        // when
        Http.Answer noVersion = putContext(session, alice, "{\"summary\":\"x\"}");
        Http.Answer wrongTypes = putContext(session, alice,
                "{\"version\":\"0\",\"variables\":[1],\"decisions\":{},\"anonymizationLevel\":\"full\",\"extra\":1}");
        Http.Answer malformed = putContext(session, alice, "{\"version\":0,");

        // then
        assertProblem(noVersion, 400, "validation");
        assertThat(noVersion.json().path("errors").get(0).path("pointer").asText()).isEqualTo("/version");
        assertProblem(wrongTypes, 400, "validation");
        List<String> pointers = new ArrayList<>();
        wrongTypes.json().path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
        assertThat(pointers).contains("/version", "/variables", "/decisions", "/anonymizationLevel", "/extra");
        assertProblem(malformed, 400, "malformed-json");
        assertThat(jdbc.queryForMap("SELECT summary, version FROM context_bundle WHERE session_id = ?", session))
                .containsEntry("summary", null).containsEntry("version", version);
    }

    @Test
    void should_answer_404_to_another_user_and_let_operators_read_when_context_is_not_theirs() {
        // given
        TestUser alice = user("user");
        TestUser bob = user("user");
        String session = sessionWithMessage(alice, "mine");
        String ref = http.postJson("/api/v1/sessions/" + session + "/snapshots", null,
                Http.bearer(alice.accessToken())).json().path("snapshotRef").asText();

        // when
        Http.Answer read = getContext(session, bob);
        Http.Answer write = putContext(session, bob, "{\"version\":0,\"summary\":\"hijack\"}");
        Http.Answer snapshot = http.postJson("/api/v1/sessions/" + session + "/snapshots", null,
                Http.bearer(bob.accessToken()));
        Http.Answer readSnapshot = http.get("/api/v1/snapshots/" + ref, Http.bearer(bob.accessToken()));
        Http.Answer missing = getContext(newSessionId(), bob);

        // then: the same answer as for a session that does not exist, and nothing written
        assertProblem(read, 404, "not-found");
        assertProblem(write, 404, "not-found");
        assertProblem(snapshot, 404, "not-found");
        assertProblem(readSnapshot, 404, "not-found");
        assertThat(read.json().path("detail")).isEqualTo(missing.json().path("detail"));
        assertProblem(http.get("/api/v1/snapshots/not-a-ref", Http.bearer(alice.accessToken())), 404, "not-found");
        assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ? AND summary IS NULL", session))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE session_id = ?", session)).isEqualTo(1);
        TestUser operator = user("operator");
        assertThat(getContext(session, operator).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/snapshots/" + ref, Http.bearer(operator.accessToken())).status()).isEqualTo(200);
    }

    @Test
    void should_answer_503_and_leave_the_lock_alone_when_another_writer_holds_the_session_lock() {
        // given: a writer on another replica holds the session's lock
        TestUser alice = user("user");
        String session = sessionWithMessage(alice, "one");
        String lockKey = properties.lockKey(session);
        long version = getContext(session, alice).json().path("version").asLong();
        strings.opsForValue().set(lockKey, "other-owner", Duration.ofSeconds(30));
        try {
            // when
            long started = System.nanoTime();
            Http.Answer blocked = putContext(session, alice, "{\"version\":" + version + ",\"summary\":\"blocked\"}");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            // then
            assertProblem(blocked, 503, "unavailable");
            assertThat(blocked.header("Retry-After")).isEqualTo("1");
            assertThat(waited).isGreaterThanOrEqualTo(properties.lockWait());
            assertThat(strings.opsForValue().get(lockKey)).isEqualTo("other-owner");
            assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ? AND summary IS NULL", session))
                    .isEqualTo(1);
        } finally {
            strings.delete(lockKey);
        }
        // and once it is free the update goes through, leaving no lock behind
        assertThat(putContext(session, alice, "{\"version\":" + version + ",\"summary\":\"done\"}").status())
                .isEqualTo(200);
        assertThat(strings.hasKey(lockKey)).isFalse();
    }

    private String sessionWithMessage(TestUser user, String text) {
        String session = newSessionId();
        post(session, user, text);
        return session;
    }

    /**
     * Posts a user message and waits for the agents' reply to it: a reply is a turn too (it bumps the bundle's
     * version), so versions are only stable once it is written.
     */
    private void post(String session, TestUser user, String text) {
        Http.Answer answer = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"" + text + "\"}",
                Http.bearer(user.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String turnId = answer.json().path("turnId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM context_turn WHERE reply_to = ?::uuid", turnId) == 1);
    }

    private Http.Answer getContext(String session, TestUser user) {
        return http.get("/api/v1/sessions/" + session + "/context", Http.bearer(user.accessToken()));
    }

    private Http.Answer putContext(String session, TestUser user, String body) {
        return http.send("PUT", "/api/v1/sessions/" + session + "/context", "application/json", body,
                Http.bearer(user.accessToken()));
    }

    private double cacheCount(String result) {
        return meters.counter(ContextCacheMetrics.NAME, "result", result).count();
    }
}
