package com.misybot.hub.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.agents.ReplyWaiter;
import com.misybot.hub.memory.ContextCommands;
import com.misybot.hub.platform.Wakeups;
import com.misybot.hub.support.RequiredServices;
import com.misybot.hub.support.ScratchDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wake-ups through PostgreSQL (migration V25, {@link Wakeups}) on a database of their own, so that no other hub of
 * the test run relays its outbox: a committed outbox row or reply turn is announced (a rolled-back one is not), the
 * outbox relay publishes a row at once although its poll is ten minutes away (but not while its route is stopped),
 * and a request waiting for a reply gets it although its own poll is a minute away.
 */
@ExtendWith(RequiredServices.class)
class WakeupsIT {

    private static DataSource dataSource;
    private static JdbcTemplate jdbc;
    private static TransactionTemplate tx;
    private static Wakeups wakeups;
    private static final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

    @BeforeAll
    static void database() {
        dataSource = ScratchDatabase.create("hub_wakeups_it");
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        wakeups = new Wakeups(dataSource);
        wakeups.subscribe("outbox", argument -> heard.add("outbox"));
        wakeups.subscribe("reply", argument -> heard.add("reply:" + argument));
        wakeups.subscribe("mark", heard::add);
        wakeups.afterPropertiesSet();
        // listening once a notification of our own comes back
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            jdbc.queryForList("SELECT pg_notify('hub_wake', 'mark:ready')");
            return heard.poll(200, TimeUnit.MILLISECONDS) != null;
        });
        heard.clear();
    }

    @AfterAll
    static void stop() {
        wakeups.destroy();
    }

    /** Every announcement up to a mark sent now (notifications arrive in commit order). */
    private static List<String> heardUntilMark() throws InterruptedException {
        String mark = UUID.randomUUID().toString();
        jdbc.queryForList("SELECT pg_notify('hub_wake', ?)", "mark:" + mark);
        List<String> before = new java.util.ArrayList<>();
        for (String next; !mark.equals(next = heard.poll(20, TimeUnit.SECONDS)); ) {
            assertThat(next).as("the mark never came back").isNotNull();
            before.add(next);
        }
        return before;
    }

    private static long outboxRow() {
        return jdbc.queryForObject("INSERT INTO bus_outbox (message_id, agent, envelope) VALUES (?, 'front-desk', "
                + "'{\"type\":\"wakeup-it\"}') RETURNING id", Long.class, UUID.randomUUID());
    }

    @Test
    void should_announce_outbox_rows_and_replies_only_when_their_transaction_commits() throws Exception {
        // given: what earlier tests announced heard, an outbox row written but not committed yet
        heardUntilMark();
        CompletableFuture<Void> commit = new CompletableFuture<>();
        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
            outboxRow();
            outboxRow();
            commit.join();
        }));
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'hub_wakeups_it' "
                        + "AND state = 'idle in transaction'", Integer.class) > 0);
        assertThat(heardUntilMark()).isEmpty();
        // when it commits: one announcement for the transaction
        commit.complete(null);
        written.get(10, TimeUnit.SECONDS);
        assertThat(heardUntilMark()).containsExactly("outbox");
        // a rolled-back row: none
        tx.executeWithoutResult(status -> {
            outboxRow();
            status.setRollbackOnly();
        });
        assertThat(heardUntilMark()).isEmpty();

        // when: a user turn, then the turn answering it
        UUID bundle = UUID.randomUUID();
        UUID userTurn = UUID.randomUUID();
        jdbc.update("INSERT INTO context_bundle (id, session_id, owner_id, turn_count) VALUES (?, ?, 'u-1', 2)",
                bundle, "s-" + bundle);
        jdbc.update("INSERT INTO context_turn (id, bundle_id, session_id, seq, role, text) "
                + "VALUES (?, ?, ?, 1, 'user', 'hello')", userTurn, bundle, "s-" + bundle);
        List<String> afterUserTurn = heardUntilMark();
        jdbc.update("INSERT INTO context_turn (id, bundle_id, session_id, seq, role, text, agent, reply_to) "
                + "VALUES (?, ?, ?, 2, 'assistant', 'hi', 'front-desk', ?)", UUID.randomUUID(), bundle,
                "s-" + bundle, userTurn);
        // then: only the answer is announced, with the turn it answers
        assertThat(afterUserTurn).isEmpty();
        assertThat(heardUntilMark()).containsExactly("reply:" + userTurn);
    }

    @Test
    void should_relay_a_committed_row_at_once_but_not_while_the_relay_route_is_stopped() throws Exception {
        // given: the relay polls every 10 minutes; what it publishes is recorded
        List<String> published = new CopyOnWriteArrayList<>();
        BusProperties bus = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("hub.bus", BusProperties.class);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            OutboxRelay relay = relay(camel, bus);
            camel.getRegistry().bind("outboxRelay", relay);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:relay?delay=600000&period=600000").routeId(OutboxRoutes.ROUTE_ID)
                            .bean("outboxRelay", "relay");
                    from("direct:agent-bus-publish").process(e -> published.add(e.getMessage().getBody(String.class)));
                }
            });
            camel.start();
            jdbc.update("UPDATE bus_outbox SET published_at = now() WHERE published_at IS NULL");

            // when: a row is committed
            long first = outboxRow();
            // then: published and marked within seconds, not at the poll
            await().atMost(Duration.ofSeconds(10)).until(() -> published(first));
            assertThat(published).hasSize(1);

            // when: the route is stopped (as from Hawtio), a row committed
            camel.getRouteController().stopRoute(OutboxRoutes.ROUTE_ID);
            long second = outboxRow();
            heardUntilMark();
            Thread.sleep(500);
            // then: it waits
            assertThat(published(second)).isFalse();
            assertThat(published).hasSize(1);

            // when: started again and another row committed, both go
            camel.getRouteController().startRoute(OutboxRoutes.ROUTE_ID);
            long third = outboxRow();
            await().atMost(Duration.ofSeconds(10)).until(() -> published(second) && published(third));
            assertThat(published).hasSize(3);
            relay.stop();
        }
    }

    @Test
    void should_delete_rows_published_longer_ago_than_keep_published_at_most_once_a_minute() throws Exception {
        // given: keep-published of a day; rows published 2 days ago, 2 hours ago, a row set aside 2 days ago, and an
        // old row never published
        BusProperties bus = new Binder(new MapConfigurationPropertySource(Map.of(
                "hub.bus.outbox.keep-published", "P1D"))).bindOrCreate("hub.bus", BusProperties.class);
        List<String> published = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:agent-bus-publish").process(e -> published.add(e.getMessage().getBody(String.class)));
                }
            });
            camel.start();
            OutboxRelay relay = relay(camel, bus);
            jdbc.update("UPDATE bus_outbox SET published_at = now() WHERE published_at IS NULL");
            long stale = outboxRow();
            long recent = outboxRow();
            long setAside = outboxRow();
            long unsent = outboxRow();
            jdbc.update("UPDATE bus_outbox SET published_at = now() - interval '2 days' WHERE id = ?", stale);
            jdbc.update("UPDATE bus_outbox SET published_at = now() - interval '2 hours' WHERE id = ?", recent);
            jdbc.update("UPDATE bus_outbox SET published_at = now() - interval '2 days', last_error = 'rejected: x' "
                    + "WHERE id = ?", setAside);
            jdbc.update("UPDATE bus_outbox SET created_at = now() - interval '3 days' WHERE id = ?", unsent);

            // when: the relay publishes something (the clean-up runs after a batch that published)
            assertThat(relay.relay()).isEqualTo(1);

            // then: the old row is published and kept, the recent one kept, the two published 2 days ago gone
            assertThat(published).hasSize(1);
            assertThat(published(unsent)).isTrue();
            assertThat(exists(recent)).isTrue();
            assertThat(exists(stale)).isFalse();
            assertThat(exists(setAside)).isFalse();

            // when: another stale row, and a relay within the minute
            long staleAgain = outboxRow();
            jdbc.update("UPDATE bus_outbox SET published_at = now() - interval '2 days' WHERE id = ?", staleAgain);
            outboxRow();
            assertThat(relay.relay()).isEqualTo(1);
            // then: kept until the next clean-up (a minute later at the earliest: the statement reads the table)
            assertThat(exists(staleAgain)).isTrue();
            relay.stop();
        }
    }

    /** The hub's outbox relay on {@code camel}, its rows published to whatever {@code direct:agent-bus-publish} is. */
    private static OutboxRelay relay(DefaultCamelContext camel, BusProperties bus) {
        return new OutboxRelay(jdbc, tx, camel.createProducerTemplate(), new EnvelopeCodec(new ObjectMapper(), bus),
                bus, wakeups);
    }

    private static boolean exists(long id) {
        return jdbc.queryForObject("SELECT count(*) FROM bus_outbox WHERE id = ?", Integer.class, id) == 1;
    }

    private static boolean published(long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT published_at IS NOT NULL FROM bus_outbox WHERE id = ?",
                Boolean.class, id));
    }

    @Test
    void should_answer_a_waiting_request_when_its_reply_is_announced() throws Exception {
        // given: a request waiting up to 20 s, whose own re-read is a minute away
        ReplyWaiter waiter = new ReplyWaiter(jdbc, new ObjectMapper(), wakeups, Duration.ofMinutes(1));
        UUID bundle = UUID.randomUUID();
        UUID userTurn = UUID.randomUUID();
        String session = "s-" + bundle;
        jdbc.update("INSERT INTO context_bundle (id, session_id, owner_id, turn_count) VALUES (?, ?, 'u-1', 2)",
                bundle, session);
        jdbc.update("INSERT INTO context_turn (id, bundle_id, session_id, seq, role, text) "
                + "VALUES (?, ?, ?, 1, 'user', 'hello')", userTurn, bundle, session);
        DefaultExchange exchange = new DefaultExchange(new DefaultCamelContext());
        long start = System.nanoTime();
        CompletableFuture<Object> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.await(new ContextCommands.Accepted(session, userTurn.toString(), "c-1"), 20, exchange);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(answer).isNotDone();

        // when: the agent's reply is committed
        jdbc.update("INSERT INTO context_turn (id, bundle_id, session_id, seq, role, text, agent, reply_to) "
                + "VALUES (?, ?, ?, 2, 'assistant', 'hi there', 'front-desk', ?)", UUID.randomUUID(), bundle, session,
                userTurn);

        // then: the request answers with it, long before its re-read would have found it
        Object replied = answer.get(20, TimeUnit.SECONDS);
        assertThat(replied).isInstanceOf(ReplyWaiter.Replied.class);
        assertThat(((ReplyWaiter.Replied) replied).reply().text()).isEqualTo("hi there");
        assertThat(exchange.getVariable(ReplyWaiter.STATUS)).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
