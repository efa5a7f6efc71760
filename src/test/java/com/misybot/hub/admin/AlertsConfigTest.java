package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mock.env.MockEnvironment;

/** config/alerts.yaml as shipped, its placeholders, and the errors a mistake in it gives at start. */
class AlertsConfigTest {

    private final DefaultResourceLoader resources = new DefaultResourceLoader();

    @Test
    void should_read_the_shipped_file_with_every_channel_off_until_configured() {
        AlertsConfig config = AlertsConfig.load(resources, new MockEnvironment(), "file:config/alerts.yaml");
        assertThat(config.webhook().on()).isFalse();
        assertThat(config.slack().on()).isFalse();
        assertThat(config.email().on()).isFalse();
        assertThat(config.watchdogEnabled()).isTrue();
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.rules()).extracting(AlertsConfig.Rule::when)
                .containsExactlyInAnyOrder("stalled", "error-rate", "dead-letters", "p95", "route-down");
        AlertsConfig.Rule stalled = config.rules().get(0);
        assertThat(stalled.action()).isEqualTo("restart");
        assertThat(stalled.forEvaluations()).isEqualTo(3);
        assertThat(stalled.runbook()).endsWith("docs/runbook.md#consumer-stalled");
    }

    @Test
    void should_take_channels_from_the_hubs_configuration() {
        MockEnvironment env = new MockEnvironment().withProperty("HUB_ALERTS_WEBHOOK_URL", "https://hooks.example.com/a")
                .withProperty("HUB_ALERTS_WEBHOOK_SECRET", "0123456789abcdef0123")
                .withProperty("HUB_ALERTS_SMTP_HOST", "smtp.example.com")
                .withProperty("HUB_ALERTS_MAIL_TO", "ops@example.com, oncall@example.com");
        AlertsConfig config = AlertsConfig.load(resources, env, "file:config/alerts.yaml");
        assertThat(config.webhook().on()).isTrue();
        assertThat(config.email().to()).containsExactly("ops@example.com", "oncall@example.com");
    }

    @Test
    void should_refuse_an_unknown_action_and_a_webhook_without_a_strong_secret() {
        assertThatThrownBy(() -> AlertsConfig.load(resources, new MockEnvironment(), "classpath:alerts/bad-action.yaml"))
                .hasMessageContaining("watchdog.rules[0].action must be one of").hasMessageContaining("reboot");
        MockEnvironment weak = new MockEnvironment().withProperty("HUB_ALERTS_WEBHOOK_URL", "https://h.example.com")
                .withProperty("HUB_ALERTS_WEBHOOK_SECRET", "short");
        assertThatThrownBy(() -> AlertsConfig.load(resources, weak, "file:config/alerts.yaml"))
                .hasMessageContaining("secret must be at least 16 characters");
    }
}
