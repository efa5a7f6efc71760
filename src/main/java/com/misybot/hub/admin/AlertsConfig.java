package com.misybot.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * {@code config/alerts.yaml}: the alert channels, the cooldown, and the watchdog's rules. Placeholders are resolved
 * from the hub's configuration; a mistake (unknown rule kind or action, bad duration) stops the start with the file
 * and key named.
 */
public record AlertsConfig(Duration cooldown, String runbookBase, Webhook webhook, Slack slack, Email email,
                           boolean watchdogEnabled, Duration interval, List<Rule> rules) {

    static final Set<String> KINDS = Set.of("stalled", "error-rate", "dead-letters", "p95", "route-down");
    static final Set<String> ACTIONS = Set.of("restart", "pause", "alert");
    static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    public record Webhook(String url, String secret) {
        boolean on() {
            return !url.isBlank();
        }
    }

    public record Slack(String webhookUrl) {
        boolean on() {
            return !webhookUrl.isBlank();
        }
    }

    public record Email(String host, int port, String username, String password, String from, List<String> to) {
        boolean on() {
            return !host.isBlank() && !to.isEmpty();
        }
    }

    /** One watchdog rule; {@code runbook} is the rule's own link or the base's anchor for it. */
    public record Rule(String name, String when, double threshold, long minCount, int forEvaluations, String action,
                       String severity, String runbook) {
    }

    public static AlertsConfig load(ResourceLoader resources, Environment env, String file) {
        String text;
        try (InputStream in = resources.getResource(file).getInputStream()) {
            text = env.resolvePlaceholders(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the alerts configuration " + file, e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        JsonNode alerts = root.path("alerts");
        JsonNode channels = alerts.path("channels");
        String runbookBase = alerts.path("runbook-base").asText("");
        JsonNode hook = channels.path("webhook");
        Webhook webhook = new Webhook(hook.path("url").asText("").strip(), hook.path("secret").asText(""));
        if (webhook.on() && webhook.secret().length() < 16) {
            throw new IllegalArgumentException(file + ": alerts.channels.webhook.secret must be at least 16 characters "
                    + "when a webhook url is set (the receiver checks the HMAC-SHA256 signature with it)");
        }
        Slack slack = new Slack(channels.path("slack").path("webhook-url").asText("").strip());
        JsonNode mail = channels.path("email");
        List<String> to = Arrays.stream(mail.path("to").asText("").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        Email email = new Email(mail.path("host").asText("").strip(), mail.path("port").asInt(25),
                mail.path("username").asText(""), mail.path("password").asText(""),
                mail.path("from").asText("misybot-hub@localhost"), to);
        JsonNode watchdog = root.path("watchdog");
        List<Rule> rules = new ArrayList<>();
        int i = 0;
        for (JsonNode r : watchdog.path("rules")) {
            String at = file + ": watchdog.rules[" + i++ + "]";
            String name = r.path("name").asText("");
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException(at + ".name must be kebab-case, 1..63 characters, not '" + name + "'");
            }
            String when = r.path("when").asText("");
            if (!KINDS.contains(when)) {
                throw new IllegalArgumentException(at + ".when must be one of " + KINDS + ", not '" + when + "'");
            }
            String action = r.path("action").asText("alert");
            if (!ACTIONS.contains(action)) {
                throw new IllegalArgumentException(at + ".action must be one of " + ACTIONS + ", not '" + action + "'");
            }
            String severity = r.path("severity").asText("warning");
            if (!SEVERITIES.contains(severity)) {
                throw new IllegalArgumentException(at + ".severity must be one of " + SEVERITIES + ", not '"
                        + severity + "'");
            }
            int times = r.path("for").asInt(1);
            if (times < 1 || times > 1000) {
                throw new IllegalArgumentException(at + ".for must be 1..1000");
            }
            String runbook = r.path("runbook").asText(runbookBase.isBlank() ? "" : runbookBase + "#" + name);
            rules.add(new Rule(name, when, r.path("threshold").asDouble(0), r.path("min-count").asLong(1), times,
                    action, severity, runbook.isBlank() ? null : runbook));
        }
        return new AlertsConfig(duration(file, "alerts.cooldown", alerts.path("cooldown").asText("PT10M")),
                runbookBase, webhook, slack, email, watchdog.path("enabled").asBoolean(true),
                duration(file, "watchdog.interval", watchdog.path("interval").asText("PT5S")), List.copyOf(rules));
    }

    private static Duration duration(String file, String key, String value) {
        try {
            Duration d = Duration.parse(value.strip());
            if (d.isNegative()) {
                throw new IllegalArgumentException(file + ": " + key + " must not be negative, not " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(file + ": " + key + " must be an ISO-8601 duration such as PT5S, not '"
                    + value + "'", e);
        }
    }
}
