package com.misybot.hub.bus;

import com.misybot.hub.support.RequiredServices;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group-committing idempotency writer against the real PostgreSQL (the hub's migrations in a schema of its
 * own): concurrent deliveries of the same messages have their effect exactly once, a fresh claim is never taken
 * over and a stale one is, and callers are answered in batches rather than one transaction each.
 */
@ExtendWith(RequiredServices.class)
class IdempotencyBatcherIT {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String SCHEMA = "idem_it_" + UUID.randomUUID().toString().substring(0, 8);

    static HikariDataSource dataSource;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void migrateAPrivateSchema() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(System.getenv().getOrDefault("HUB_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/hub_test"));
        dataSource.setUsername(System.getenv().getOrDefault("HUB_DB_USER", "hub"));
        dataSource.setPassword(System.getenv().getOrDefault("HUB_DB_PASSWORD", "hub"));
        dataSource.setSchema(SCHEMA);
        dataSource.setMaximumPoolSize(20);
        Flyway.configure().dataSource(dataSource).schemas(SCHEMA).createSchemas(true).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    static void dropSchema() {
        jdbc.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
        dataSource.close();
    }

    @Test
    void should_have_each_effect_once_when_concurrent_consumers_get_every_message_three_times() throws Exception {
        // given 400 messages, each delivered three times, to 24 consumer threads in random order
        List<String> deliveries = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String key = "exactly-once/" + UUID.randomUUID();
            Collections.addAll(deliveries, key, key, key);
        }
        Collections.shuffle(deliveries);
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(deliveries);
        Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger requeued = new AtomicInteger();
        ExecutorService consumers = Executors.newFixedThreadPool(24);

        // when each consumer claims, has its effect, confirms; a claim held by another consumer goes back in the queue
        try (IdempotencyBatcher batcher = new IdempotencyBatcher(dataSource, Clock.systemUTC(), LEASE, 256,
                Duration.ofSeconds(30))) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                done.add(consumers.submit(() -> {
                    String key;
                    while ((key = queue.poll()) != null) {
                        switch (batcher.claim(key)) {
                            case CLAIMED -> {
                                effects.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                                assertThat(batcher.confirm(key)).isTrue();
                            }
                            case DONE -> skipped.incrementAndGet();
                            case IN_PROGRESS -> {
                                requeued.incrementAndGet();
                                queue.add(key);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }

            // then every message had exactly one effect, the two other deliveries were skipped as duplicates
            assertThat(effects).hasSize(400);
            assertThat(effects.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            assertThat(skipped.get()).isEqualTo(800);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM bus_processed_message "
                    + "WHERE consumer_key LIKE 'exactly-once/%' AND status = 'DONE'", Integer.class)).isEqualTo(400);
            // and the 1,200+ claims and 400 confirms took far fewer transactions than writes
            assertThat(batcher.writes()).isEqualTo(1200 + requeued.get() + 400);
            assertThat(batcher.batches()).isLessThan(batcher.writes() / 2);
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    void should_grant_one_claim_when_deliveries_of_one_message_arrive_in_the_same_batch() throws Exception {
        String key = "same-batch/" + UUID.randomUUID();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try (IdempotencyBatcher batcher = new IdempotencyBatcher(dataSource, Clock.systemUTC(), LEASE, 256,
                Duration.ofSeconds(30))) {
            List<Future<IdempotencyBatcher.Claim>> claims = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                claims.add(callers.submit(() -> {
                    start.await();
                    return batcher.claim(key);
                }));
            }
            start.countDown();
            List<IdempotencyBatcher.Claim> results = new ArrayList<>();
            for (Future<IdempotencyBatcher.Claim> claim : claims) {
                results.add(claim.get());
            }

            assertThat(results).filteredOn(c -> c == IdempotencyBatcher.Claim.CLAIMED).hasSize(1);
            assertThat(results).filteredOn(c -> c == IdempotencyBatcher.Claim.IN_PROGRESS).hasSize(15);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void should_keep_a_fresh_claim_and_take_over_a_claim_older_than_the_lease() {
        AtomicLong now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return Instant.ofEpochMilli(now.get()); }
        };
        String key = "lease/" + UUID.randomUUID();
        try (IdempotencyBatcher batcher = new IdempotencyBatcher(dataSource, clock, LEASE, 256,
                Duration.ofSeconds(30))) {
            assertThat(batcher.claim(key)).isEqualTo(IdempotencyBatcher.Claim.CLAIMED);
            // a consumer still within its lease keeps the message
            now.addAndGet(LEASE.toMillis() - 1000);
            assertThat(batcher.claim(key)).isEqualTo(IdempotencyBatcher.Claim.IN_PROGRESS);
            // its consumer died: once the lease ran out the next delivery takes the claim over
            now.addAndGet(2000);
            assertThat(batcher.claim(key)).isEqualTo(IdempotencyBatcher.Claim.CLAIMED);
            assertThat(batcher.confirm(key)).isTrue();
            assertThat(batcher.confirm(key)).isFalse();
            // DONE is final, however old
            now.addAndGet(LEASE.toMillis() * 10);
            assertThat(batcher.claim(key)).isEqualTo(IdempotencyBatcher.Claim.DONE);
        }
    }

    @Test
    void should_complete_a_later_confirm_only_once_it_is_committed_and_fail_it_with_its_batch() throws Exception {
        String key = "later/" + UUID.randomUUID();
        try (IdempotencyBatcher batcher = new IdempotencyBatcher(dataSource, Clock.systemUTC(), LEASE, 256,
                Duration.ofSeconds(30))) {
            assertThat(batcher.claim(key)).isEqualTo(IdempotencyBatcher.Claim.CLAIMED);
            // what the future's callbacks (the acknowledgement) see: the row already DONE, on another connection
            java.util.concurrent.CompletableFuture<String> seenByCallback = batcher.confirmLater(key)
                    .thenApply(confirmed -> confirmed + ":" + jdbc.queryForObject(
                            "SELECT status FROM bus_processed_message WHERE consumer_key = ?", String.class, key));
            assertThat(seenByCallback.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("true:DONE");
            // a key that is not CLAIMED (never claimed) is answered false, as confirm() would
            assertThat(batcher.confirmLater("later/" + UUID.randomUUID()).get(30,
                    java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        }
        HikariDataSource closed = new HikariDataSource();
        closed.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/hub_test");
        closed.close();
        try (IdempotencyBatcher batcher = new IdempotencyBatcher(closed, Clock.systemUTC(), LEASE, 256,
                Duration.ofSeconds(30))) {
            assertThat(batcher.confirmLater(key)).failsWithin(Duration.ofSeconds(30));
        }
    }

    @Test
    void should_fail_the_callers_instead_of_hanging_when_writes_cannot_be_committed() {
        HikariDataSource closed = new HikariDataSource();
        closed.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/hub_test");
        closed.close();
        try (IdempotencyBatcher batcher = new IdempotencyBatcher(closed, Clock.systemUTC(), LEASE, 256,
                Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> batcher.claim("broken/" + UUID.randomUUID()))
                    .isInstanceOf(RuntimeException.class);
        }
        IdempotencyBatcher stopped = new IdempotencyBatcher(dataSource, Clock.systemUTC(), LEASE, 256,
                Duration.ofSeconds(30));
        stopped.close();
        assertThatThrownBy(() -> stopped.claim("stopped/" + UUID.randomUUID()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }
}
