package com.misybot.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.Announcements;
import com.misybot.hub.platform.OutboundUrlPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces an alert on every configured channel: a signed webhook, Slack (camel-slack, incoming webhook), e-mail
 * (camel-mail over SMTP) and the live console's stream. Each channel is tried independently; the result per channel
 * ({@code ok} or the failure) is kept with the alert.
 */
public class AlertChannels implements Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(AlertChannels.class);
    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final AlertsConfig config;
    private final ProducerTemplate camel;
    private final OperationsStream console;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public AlertChannels(AlertsConfig config, ProducerTemplate camel, OperationsStream console, ObjectMapper json,
                         OutboundUrlPolicy outbound) {
        this.config = config;
        this.camel = camel;
        this.console = console;
        this.json = json;
        // a refused URL stops the start naming the setting (the same SSRF policy as every outbound call)
        if (config.webhook().on()) {
            outbound.requireConfigured("alerts.channels.webhook.url", config.webhook().url());
        }
        if (config.slack().on()) {
            outbound.requireConfigured("alerts.channels.slack.webhook-url", config.slack().webhookUrl());
        }
    }

    @Override
    public boolean external() {
        return config.webhook().on() || config.slack().on() || config.email().on();
    }

    /** Sends {@code alert} (its JSON as the API shows it) everywhere; returns each channel's result. */
    @Override
    public Map<String, String> announce(Map<String, Object> alert) {
        Map<String, String> results = new LinkedHashMap<>();
        console.publish("alert", alert);
        results.put("console", "ok");
        String body = write(alert);
        if (config.webhook().on()) {
            results.put("webhook", attempt("webhook", () -> webhook(body)));
        }
        if (config.slack().on()) {
            results.put("slack", attempt("slack", () -> camel.sendBody("slack:#alerts?webhookUrl=RAW("
                    + config.slack().webhookUrl() + ")", text(alert))));
        }
        if (config.email().on()) {
            results.put("email", attempt("email", () -> email(alert)));
        }
        return results;
    }

    /** HMAC-SHA256 of {@code body} keyed by {@code secret}, as {@code sha256=<hex>} (what receivers compare). */
    public static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void webhook(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.webhook().url())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, signature(config.webhook().secret(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the receiver answered " + response.statusCode());
        }
    }

    private void email(Map<String, Object> alert) {
        AlertsConfig.Email mail = config.email();
        StringBuilder uri = new StringBuilder("smtp://" + mail.host() + ":" + mail.port()
                + "?connectionTimeout=5000&mail.smtp.timeout=5000");
        if (!mail.username().isBlank()) {
            uri.append("&username=RAW(").append(mail.username()).append(")&password=RAW(").append(mail.password())
                    .append(")");
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("From", mail.from());
        headers.put("To", String.join(",", mail.to()));
        headers.put("Subject", subject(alert));
        headers.put("Content-Type", "text/plain; charset=UTF-8");
        camel.sendBodyAndHeaders(uri.toString(), text(alert), headers);
    }

    static String subject(Map<String, Object> alert) {
        return "[" + String.valueOf(alert.get("severity")).toUpperCase() + "] "
                + ("resolved".equals(alert.get("status")) ? "RESOLVED: " : "") + alert.get("title");
    }

    /** The alert as a few lines of text (Slack, e-mail). */
    static String text(Map<String, Object> alert) {
        StringBuilder text = new StringBuilder(subject(alert)).append('\n');
        if (alert.get("detail") != null) {
            text.append(alert.get("detail")).append('\n');
        }
        if (alert.get("recovery") != null) {
            text.append("Recovery: ").append(alert.get("recovery")).append('\n');
        }
        if (alert.get("runbook") != null) {
            text.append("Runbook: ").append(alert.get("runbook")).append('\n');
        }
        text.append("Key: ").append(alert.get("key"));
        return text.toString();
    }

    private interface Send {
        void run() throws Exception;
    }

    private static String attempt(String channel, Send send) {
        try {
            send.run();
            return "ok";
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("Alert not delivered on {}: {}", channel, cause.toString());
            return "failed: " + cause.getClass().getSimpleName();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
