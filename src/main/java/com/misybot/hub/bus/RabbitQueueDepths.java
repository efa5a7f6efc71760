package com.misybot.hub.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Depths of the RabbitMQ agent queues. Ready messages and consumers (of every replica) come from a passive declare
 * over AMQP, exact at the moment asked; the unacknowledged count only RabbitMQ's management API knows
 * ({@code hub.bus.rabbitmq.management-url}), and it lags by the broker's statistics interval (5 s by default).
 */
public class RabbitQueueDepths implements QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitQueueDepths.class);

    private final RabbitAdmin admin;
    private final BusProperties bus;
    private final String management;
    private final String authorization;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public RabbitQueueDepths(RabbitAdmin admin, BusProperties bus, String username, String password,
                             ObjectMapper json) {
        this.admin = admin;
        this.bus = bus;
        String url = bus.rabbitmq().managementUrl();
        this.management = url == null || url.isBlank() ? null : url.replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        this.json = json;
    }

    @Override
    public QueueDepth depth(String agent) {
        String queue = bus.queue(agent);
        QueueInformation info = admin.getQueueInfo(queue);
        if (info == null) {
            return new QueueDepth(null, null, null, "rabbitmq: queue " + queue + " not found");
        }
        Long unacknowledged = unacknowledged(queue);
        return new QueueDepth((long) info.getMessageCount(), unacknowledged, info.getConsumerCount(),
                unacknowledged == null ? "amqp" : "amqp+management");
    }

    private Long unacknowledged(String queue) {
        if (management == null) {
            return null;
        }
        // the default virtual host; the agent queues are declared there
        URI uri = URI.create(management + "/api/queues/%2F/" + URLEncoder.encode(queue, StandardCharsets.UTF_8)
                + "?columns=messages_unacknowledged");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.debug("RabbitMQ management answered {} for {}", answer.statusCode(), queue);
                return null;
            }
            JsonNode count = json.readTree(answer.body()).path("messages_unacknowledged");
            // a queue the statistics have not reached yet has no figure
            return count.isNumber() ? count.asLong() : 0L;
        } catch (IOException e) {
            LOG.debug("RabbitMQ management not reachable at {}: {}", management, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
