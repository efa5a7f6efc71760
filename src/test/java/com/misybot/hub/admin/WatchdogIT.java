package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.misybot.hub.bus.Envelope;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The watchdog end to end: a stalled agent (the test agent bus-probe hangs on every message until its consumer is
 * stopped) is found by the {@code consumer-stalled} rule, {@code agent.recovery.requested} goes on the bus, the
 * recovery route restarts the agent on every replica, the agent drains its queue, and the alert is announced exactly
 * once when it fires and once when it resolves on each channel: a signed webhook (a receiver in this test), Slack
 * (camel-slack to a receiver standing in for the incoming webhook), e-mail (GreenMail, an in-process SMTP server) and
 * the console's stream (the alerts API shows what it got).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WatchdogIT extends HubIntegrationTest {

    private static final String SECRET = "test-only-alert-webhook-secret";
    private static final String KEY = "consumer-stalled:bus-probe";
    private static final List<Received> WEBHOOK = new CopyOnWriteArrayList<>();
    private static final List<Received> SLACK = new CopyOnWriteArrayList<>();
    private static final HttpServer RECEIVER = receiver();
    private static final GreenMail SMTP = smtp();

    private record Received(String body, String signature) {
    }

    @Autowired
    ProducerTemplate producer;

    @DynamicPropertySource
    static void alerts(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + RECEIVER.getAddress().getPort();
        registry.add("hub.ops.watchdog.enabled", () -> "true");
        registry.add("HUB_WATCHDOG_INTERVAL", () -> "PT1S");
        registry.add("HUB_ALERTS_COOLDOWN", () -> "PT1S");
        registry.add("HUB_ALERTS_WEBHOOK_URL", () -> base + "/hook");
        registry.add("HUB_ALERTS_WEBHOOK_SECRET", () -> SECRET);
        registry.add("HUB_ALERTS_SLACK_WEBHOOK_URL", () -> base + "/slack");
        registry.add("HUB_ALERTS_SMTP_HOST", () -> "127.0.0.1");
        registry.add("HUB_ALERTS_SMTP_PORT", () -> Integer.toString(SMTP.getSmtp().getPort()));
        registry.add("HUB_ALERTS_MAIL_TO", () -> "ops@example.com");
        // the lock of a hub that ended without releasing it expires quickly
        registry.add("hub.ops.watchdog.lock-ttl", () -> "PT3S");
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop(0);
        SMTP.stop();
    }

    @Test
    void should_restart_a_stalled_agent_and_announce_the_alert_once_per_channel() throws Exception {
        // given: no alert of an earlier run still firing or cooling down, and a backlog of hanging messages
        jdbc.update("UPDATE ops_alert SET status = 'resolved', resolved_at = now() - interval '1 hour' "
                + "WHERE status = 'firing' OR resolved_at > now() - interval '1 hour'");
        long restartsBefore = restartSeq();
        String[] operator = Http.bearer(user("operator").accessToken());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            producer.sendBody("kamelet:agent-bus-sink?agent=bus-probe", new Envelope(id, "probe.test", 1,
                    "bus-probe", "s-watchdog", "corr-" + id, null, 4, java.time.Instant.now().toString(),
                    Map.<String, Object>of("mode", "block")));
        }

        // when: the watchdog notices (3 evaluations a second apart), requests the recovery and the agent restarts
        await(Duration.ofSeconds(60), () -> count("SELECT count(*) FROM watchdog_event WHERE rule = "
                + "'consumer-stalled' AND agent = 'bus-probe' AND outcome = 'restarted' AND requested_at > now() "
                + "- interval '2 minutes'") == 1, "the watchdog restarted bus-probe");

        // then: the restart went through the agents' control as the watchdog (audited, every replica)
        assertThat(restartSeq()).isGreaterThan(restartsBefore);
        assertThat(jdbc.queryForObject("SELECT updated_by FROM agent_control WHERE agent = 'bus-probe'",
                String.class)).isEqualTo("watchdog");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'agent.restart' AND actor = 'watchdog' "
                + "AND target = 'agent:bus-probe' AND ts > now() - interval '2 minutes'")).isEqualTo(1);
        // the agent drains: every message's redelivery took effect
        await(Duration.ofSeconds(60), () -> count("SELECT count(DISTINCT payload->>'messageId') FROM agent_event_log "
                + "WHERE agent = 'bus-probe' AND event_type = 'probe.effect' AND payload->>'messageId' = ANY(?::text[])",
                "{" + String.join(",", ids) + "}") == ids.size(), "bus-probe processed its backlog");
        // the alert resolves once the backlog is gone
        await(Duration.ofSeconds(30), () -> count("SELECT count(*) FROM ops_alert WHERE dedupe_key = ? "
                + "AND status = 'resolved' AND resolved_at > now() - interval '2 minutes'", KEY) == 1,
                "the alert resolved");
        Thread.sleep(3000);

        // exactly one firing and one resolved announcement on each channel
        assertThat(statuses(WEBHOOK)).containsExactly("firing", "resolved");
        for (Received hook : of(WEBHOOK)) {
            assertThat(hook.signature()).isEqualTo(AlertChannels.signature(SECRET, hook.body()));
        }
        JsonNode fired = new ObjectMapper().readTree(of(WEBHOOK).get(0).body());
        assertThat(fired.path("severity").asText()).isEqualTo("critical");
        assertThat(fired.path("runbook").asText()).endsWith("#consumer-stalled");
        assertThat(fired.path("detail").asText()).contains("waiting and none finished");
        List<String> slack = of(SLACK).stream().map(Received::body).toList();
        assertThat(slack).hasSize(2);
        assertThat(slack.get(0)).contains("Agent bus-probe is stalled").doesNotContain("RESOLVED");
        assertThat(slack.get(1)).contains("RESOLVED: Agent bus-probe is stalled");
        List<String> subjects = new ArrayList<>();
        for (MimeMessage mail : SMTP.getReceivedMessages()) {
            if (mail.getSubject().contains("bus-probe is stalled")) {
                subjects.add(mail.getSubject());
                assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
            }
        }
        assertThat(subjects).containsExactly("[CRITICAL] Agent bus-probe is stalled",
                "[CRITICAL] RESOLVED: Agent bus-probe is stalled");
        // the alerts API: the recovery and every channel's answer
        JsonNode recent = http.get("/api/v1/admin/alerts", operator).json().path("recent");
        JsonNode alert = null;
        for (JsonNode a : recent) {
            if (a.path("key").asText().equals(KEY)) {
                alert = a;
                break;
            }
        }
        assertThat(alert).isNotNull();
        assertThat(alert.path("recovery").asText()).startsWith("restarted on every replica");
        for (String channel : List.of("console", "webhook", "slack", "email")) {
            assertThat(alert.at("/notified/firing/" + channel).asText()).as(channel).isEqualTo("ok");
            assertThat(alert.at("/notified/resolved/" + channel).asText()).as(channel).isEqualTo("ok");
        }
    }

    private long restartSeq() {
        List<Long> seq = jdbc.queryForList("SELECT restart_seq FROM agent_control WHERE agent = 'bus-probe'",
                Long.class);
        return seq.isEmpty() ? 0 : seq.get(0);
    }

    /** The webhook's and Slack's requests about this test's alert. */
    private static List<Received> of(List<Received> received) {
        return received.stream().filter(r -> r.body().contains(KEY)).toList();
    }

    private static List<String> statuses(List<Received> received) throws IOException {
        List<String> statuses = new ArrayList<>();
        for (Received r : of(received)) {
            statuses.add(new ObjectMapper().readTree(r.body()).path("status").asText());
        }
        return statuses;
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    private static HttpServer receiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", exchange -> {
                try (exchange) {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    Received received = new Received(body, exchange.getRequestHeaders()
                            .getFirst(AlertChannels.SIGNATURE_HEADER));
                    (exchange.getRequestURI().getPath().startsWith("/slack") ? SLACK : WEBHOOK).add(received);
                    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, ok.length);
                    exchange.getResponseBody().write(ok);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail smtp() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        return mail;
    }
}
