package com.misybot.hub.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Dead-letter queues {@code hub.agent.<agent>.dlq} in RabbitMQ. RabbitMQ cannot browse a queue, so each operation
 * takes messages with basic.get on its own channel (unacknowledged), acts on the ones it wants, and returns the rest
 * with basic.nack(requeue) so they keep their place. Replays are published with confirms before the ack.
 */
public class RabbitDeadLetterQueues implements DeadLetterQueues {

    private final ConnectionFactory connections;
    private final Address[] addresses;
    private final BusProperties bus;
    private final org.springframework.amqp.rabbit.core.RabbitAdmin admin;

    public RabbitDeadLetterQueues(ConnectionFactory connections, String addresses, BusProperties bus,
                                  org.springframework.amqp.rabbit.core.RabbitAdmin admin) {
        this.connections = connections;
        this.addresses = Address.parseAddresses(addresses);
        this.bus = bus;
        this.admin = admin;
    }

    /**
     * Passive declares on the hub's cached connection (the agents API and the console's stream ask every half
     * second); scans, replays and discards below open a connection of their own.
     */
    @Override
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        try {
            for (String agent : bus.agents()) {
                org.springframework.amqp.core.QueueInformation info = admin.getQueueInfo(bus.deadLetterQueue(agent));
                counts.put(agent, info == null ? 0L : info.getMessageCount());
            }
        } catch (org.springframework.amqp.AmqpException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "RabbitMQ is not reachable: " + e.getMessage());
        }
        return counts;
    }

    @Override
    public List<DeadLetter> list(String agent, int limit) {
        return scan(agent, limit, (channel, response, letter) -> false);
    }

    @Override
    public List<String> replay(String agent, Set<String> messageIds) {
        List<String> replayed = new ArrayList<>();
        scan(agent, bus.dlq().scanLimit(), (channel, response, letter) -> {
            if (!messageIds.isEmpty() && !messageIds.contains(letter.messageId())) {
                return false;
            }
            Map<String, Object> headers = new HashMap<>();
            response.getProps().getHeaders().forEach((k, v) -> {
                if (!k.startsWith("x-hub-") || k.equals(BusHeaders.MESSAGE_ID) || k.equals(BusHeaders.AGENT)) {
                    headers.put(k, v);
                }
            });
            Object replays = response.getProps().getHeaders().get(BusHeaders.REPLAY_COUNT);
            headers.put(BusHeaders.REPLAY_COUNT, replays == null ? 1 : Integer.parseInt(replays.toString()) + 1);
            AMQP.BasicProperties props = response.getProps().builder().headers(headers).build();
            channel.basicPublish(bus.rabbitmq().exchange(), agent, true, props, response.getBody());
            channel.waitForConfirmsOrDie(bus.rabbitmq().confirmTimeout().toMillis());
            replayed.add(letter.messageId());
            return true;
        });
        return replayed;
    }

    @Override
    public boolean discard(String agent, String messageId) {
        List<String> removed = new ArrayList<>();
        scan(agent, bus.dlq().scanLimit(), (channel, response, letter) -> {
            if (removed.isEmpty() && messageId.equals(letter.messageId())) {
                removed.add(messageId);
                return true;
            }
            return false;
        });
        return !removed.isEmpty();
    }

    /** What to do with one dead letter: true = ack it (it is done with), false = put it back. */
    private interface Action {
        boolean apply(Channel channel, GetResponse response, DeadLetter letter) throws IOException,
                InterruptedException, TimeoutException;
    }

    private List<DeadLetter> scan(String agent, int limit, Action action) {
        String queue = bus.deadLetterQueue(agent);
        return withChannel(channel -> {
            channel.confirmSelect();
            List<DeadLetter> seen = new ArrayList<>();
            List<Long> putBack = new ArrayList<>();
            try {
                for (int i = 0; i < limit; i++) {
                    GetResponse response = channel.basicGet(queue, false);
                    if (response == null) {
                        break;
                    }
                    DeadLetter letter = letter(response);
                    seen.add(letter);
                    if (action.apply(channel, response, letter)) {
                        channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    } else {
                        putBack.add(response.getEnvelope().getDeliveryTag());
                    }
                }
            } finally {
                for (long tag : putBack) {
                    channel.basicNack(tag, false, true);
                }
            }
            return seen;
        });
    }

    private static DeadLetter letter(GetResponse response) {
        Map<String, Object> headers = new LinkedHashMap<>();
        Map<String, Object> raw = response.getProps().getHeaders();
        if (raw != null) {
            new TreeMap<>(raw).forEach((k, v) -> headers.put(k, v instanceof Number || v instanceof Boolean ? v
                    : String.valueOf(v)));
        }
        Object id = headers.get(BusHeaders.MESSAGE_ID);
        return new DeadLetter(id == null ? response.getProps().getMessageId() : id.toString(), headers,
                new String(response.getBody(), StandardCharsets.UTF_8));
    }

    private interface ChannelWork<T> {
        T run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /** A connection of its own, so confirms and unacked gets never mix with the routes' cached channels. */
    private <T> T withChannel(ChannelWork<T> work) {
        try (Connection connection = connections.newConnection(addresses, "hub-dlq-admin");
             Channel channel = connection.createChannel()) {
            return work.run(channel);
        } catch (IOException | TimeoutException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "RabbitMQ is not reachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "Interrupted while talking to RabbitMQ.");
        }
    }
}
