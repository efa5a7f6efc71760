package com.misybot.hub.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.platform.TextMasking;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AgentActivityTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final AgentActivity activity = new AgentActivity(now::get, text -> text.replace("ann@example.com",
            "⟦EMAIL_ADDRESS⟧"));

    @Test
    void should_name_the_agent_of_an_inbound_bus_route_only() {
        assertThat(AgentActivity.agentOf("bus-rabbitmq-in-front-desk")).isEqualTo("front-desk");
        assertThat(AgentActivity.agentOf("bus-local-in-bus-probe")).isEqualTo("bus-probe");
        assertThat(AgentActivity.agentOf("bus-rabbitmq-send")).isNull();
        assertThat(AgentActivity.agentOf("faq-responder")).isNull();
        assertThat(AgentActivity.agentOf(null)).isNull();
    }

    @Test
    void should_give_count_rate_errors_and_percentiles_of_the_window_asked() {
        // given: 15 minutes of measuring, then 100 exchanges of 1..100 ms in the last minute, 5 of them failed
        now.addAndGet(15 * 60_000L);
        for (int i = 1; i <= 100; i++) {
            activity.record("faq-responder", i, i % 20 == 0 ? new IllegalStateException("no answer for "
                    + "ann@example.com") : null);
        }
        // when
        AgentActivity.Window minute = activity.window("faq-responder", 1);
        // then
        assertThat(minute.count()).isEqualTo(100);
        assertThat(minute.errors()).isEqualTo(5);
        assertThat(minute.errorRate()).isEqualTo(0.05);
        assertThat(minute.perSecond()).isEqualTo(100 / 60.0);
        assertThat(minute.p50Ms()).isBetween(49L, 51L);
        assertThat(minute.p95Ms()).isBetween(94L, 96L);
        assertThat(minute.p99Ms()).isBetween(98L, 100L);
        assertThat(activity.lastFailure("faq-responder").exception()).isEqualTo("java.lang.IllegalStateException");
        assertThat(activity.lastFailure("faq-responder").message()).isEqualTo("no answer for ⟦EMAIL_ADDRESS⟧");
        assertThat(activity.window("front-desk", 1).count()).isZero();
    }

    @Test
    void should_let_exchanges_leave_each_window_as_it_slides() {
        now.addAndGet(15 * 60_000L);
        activity.record("front-desk", 10, null);
        now.addAndGet(2 * 60_000L);
        activity.record("front-desk", 20, null);
        assertThat(activity.window("front-desk", 1).count()).isEqualTo(1);
        assertThat(activity.window("front-desk", 5).count()).isEqualTo(2);
        now.addAndGet(14 * 60_000L);
        assertThat(activity.window("front-desk", 15).count()).isEqualTo(1);
        now.addAndGet(2 * 60_000L);
        assertThat(activity.window("front-desk", 15).count()).isZero();
        assertThat(activity.window("front-desk", 15).p50Ms()).isNull();
    }

    @Test
    void should_rate_a_young_replica_over_the_time_it_has_measured() {
        now.addAndGet(30_000L);
        for (int i = 0; i < 30; i++) {
            activity.record("video-scriptor", 5, null);
        }
        assertThat(activity.window("video-scriptor", 15).perSecond()).isEqualTo(1.0);
    }

    @Test
    void should_mask_nothing_when_no_masking_is_given() {
        AgentActivity plain = new AgentActivity(now::get, TextMasking.NONE);
        plain.record("x", 1, new RuntimeException("boom"));
        assertThat(plain.lastFailure("x").message()).isEqualTo("boom");
    }

    @Test
    void should_count_the_exchanges_an_in_jvm_queue_consumer_finishes() throws Exception {
        // given: the local transport's shape, a producer route handing messages to a SEDA consumer route
        AgentActivity activity = new AgentActivity(System::currentTimeMillis, TextMasking.NONE);
        try (org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext()) {
            camel.getManagementStrategy().addEventNotifier(activity);
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:send").routeId("bus-local-send").to("seda:hub.agent.probe");
                    from("seda:hub.agent.probe?concurrentConsumers=2").routeId("bus-local-in-probe")
                            .delay(5).to("mock:done");
                }
            });
            camel.start();
            // when
            for (int i = 0; i < 5; i++) {
                camel.createProducerTemplate().send("direct:send", org.apache.camel.ExchangePattern.InOut,
                        e -> e.getMessage().setBody("m" + e.getExchangeId()));
            }
            // then
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> activity.completed("probe") == 5);
            assertThat(activity.window("probe", 1).count()).isEqualTo(5);
        }
    }
}
