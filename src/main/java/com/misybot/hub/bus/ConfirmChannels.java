package com.misybot.hub.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * A few long-lived publisher channels in confirm mode, each keeping any number of publishes in flight, as PerfTest's
 * producers do. The broker then confirms a run of publishes in one frame (a multiple ack) and no channel is checked
 * out, cached or closed per message. Spring AMQP's correlated confirms hold a cached channel per unconfirmed publish
 * instead: with 64 publishes in flight the hub kept ~116 channels busy, and the broker sent one confirm per channel
 * and message.
 *
 * <p>Guarantees: a publish's future completes normally only on the broker's ack; a nack fails it; a channel that
 * closes (broker stopped, connection lost, channel error) fails every publish it had not had confirmed, and the next
 * publish opens a new channel on the publisher connection, opening that connection again when it died. The caller
 * owns the window (how many publishes it keeps in flight) and the confirm timeout.
 */
final class ConfirmChannels {

    private final ConnectionFactory connections;
    private final Lane[] lanes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param connections the publisher connection factory: the channels are opened on its shared connection
     * @param channels    how many channels publish side by side (each publish holds its channel only while it writes)
     */
    ConfirmChannels(ConnectionFactory connections, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("publisher channels must be at least 1, not " + channels);
        }
        this.connections = connections;
        this.lanes = new Lane[channels];
        for (int i = 0; i < channels; i++) {
            lanes[i] = new Lane();
        }
    }

    /**
     * Publishes a message (persistent when its properties say so) and returns the broker's verdict.
     *
     * @throws IOException   the channel could not be opened or the write failed: no verdict will come, and the
     *                       sender publishes again (the consumers are idempotent)
     * @throws AmqpException the publisher connection could not be opened
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws IOException {
        return lanes[Math.floorMod(next.getAndIncrement(), lanes.length)]
                .publish(exchange, routingKey, properties, body);
    }

    /**
     * The publisher connection, open. Spring AMQP replaces a dead shared connection only when it creates a channel of
     * its own, which these channels never ask it for: a dead one (broker restarted, connection lost) is reset here,
     * once for all lanes.
     */
    private synchronized com.rabbitmq.client.Connection openConnection() {
        com.rabbitmq.client.Connection connection = connections.createConnection().getDelegate();
        if (connection == null || !connection.isOpen()) {
            if (connections instanceof CachingConnectionFactory caching) {
                caching.resetConnection();
            }
            connection = connections.createConnection().getDelegate();
        }
        return connection;
    }

    /**
     * Closes the open channels, after waiting up to {@code grace} milliseconds per channel for the confirms still in
     * flight; what is still unconfirmed then fails (its sender publishes it again: the consumers are idempotent).
     */
    void close(long grace) {
        for (Lane lane : lanes) {
            lane.close(grace);
        }
    }

    /** One publishing slot: its current channel, replaced once closed. */
    private final class Lane {

        // a channel's sequence numbers must be taken and published in the same order: one writer at a time
        private final ReentrantLock lock = new ReentrantLock();
        private Window window;

        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                        byte[] body) throws IOException {
            lock.lock();
            try {
                Window current = window;
                if (current == null || !current.channel.isOpen()) {
                    current = new Window(openConnection().createChannel());
                    window = current;
                }
                return current.publish(exchange, routingKey, properties, body);
            } finally {
                lock.unlock();
            }
        }

        void close(long grace) {
            lock.lock();
            try {
                if (window != null && window.channel.isOpen()) {
                    window.channel.waitForConfirms(grace);
                    window.channel.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | TimeoutException | RuntimeException e) {
                // closing anyway: the shutdown listener has failed what was in flight, or the connection is gone
            } finally {
                window = null;
                lock.unlock();
            }
        }
    }

    /** A channel in confirm mode and its publishes not yet confirmed, by publish sequence number. */
    private static final class Window implements ConfirmListener, ShutdownListener {

        final Channel channel;
        final ConcurrentNavigableMap<Long, CompletableFuture<Void>> unconfirmed = new ConcurrentSkipListMap<>();

        Window(Channel channel) throws IOException {
            if (channel == null) {
                throw new IOException("RabbitMQ: no channel left on the publisher connection (channel_max reached)");
            }
            this.channel = channel;
            channel.addConfirmListener(this);
            channel.addShutdownListener(this);
            try {
                channel.confirmSelect();
            } catch (IOException | RuntimeException e) {
                channel.abort();
                throw e;
            }
        }

        CompletableFuture<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties,
                                        byte[] body) throws IOException {
            long sequence = channel.getNextPublishSeqNo();
            CompletableFuture<Void> confirm = new CompletableFuture<>();
            unconfirmed.put(sequence, confirm);
            try {
                channel.basicPublish(exchange, routingKey, false, properties, body);
            } catch (IOException | RuntimeException e) {
                unconfirmed.remove(sequence);
                throw e;
            }
            return confirm;
        }

        @Override
        public void handleAck(long sequence, boolean multiple) {
            settle(sequence, multiple, null);
        }

        @Override
        public void handleNack(long sequence, boolean multiple) {
            settle(sequence, multiple, "the broker answered with a nack");
        }

        private void settle(long sequence, boolean multiple, String refusal) {
            if (!multiple) {
                complete(unconfirmed.remove(sequence), refusal);
                return;
            }
            Iterator<CompletableFuture<Void>> settled = unconfirmed.headMap(sequence, true).values().iterator();
            while (settled.hasNext()) {
                CompletableFuture<Void> confirm = settled.next();
                settled.remove();
                complete(confirm, refusal);
            }
        }

        private static void complete(CompletableFuture<Void> confirm, String refusal) {
            if (confirm == null) {
                return;
            }
            if (refusal == null) {
                confirm.complete(null);
            } else {
                confirm.completeExceptionally(new RefusedException(refusal));
            }
        }

        @Override
        public void shutdownCompleted(ShutdownSignalException cause) {
            // the broker closed the channel over what was published on it (no such exchange, access refused...): a
            // refusal; the connection lost or the hub closing the channel: no verdict, the sender publishes again
            boolean refused = !cause.isHardError() && !cause.isInitiatedByApplication();
            String reason = cause.getReason() instanceof AMQP.Channel.Close close
                    ? close.getReplyCode() + " " + close.getReplyText() : String.valueOf(cause.getMessage());
            Map.Entry<Long, CompletableFuture<Void>> lost;
            while ((lost = unconfirmed.pollFirstEntry()) != null) {
                lost.getValue().completeExceptionally(refused
                        ? new RefusedException("the broker closed the channel: " + reason)
                        : new AmqpException("RabbitMQ channel closed before confirming the message: " + reason, cause));
            }
        }
    }

    /** The broker refused a publish, with a nack or by closing the channel over it: it did not take the message. */
    static final class RefusedException extends AmqpException {
        RefusedException(String message) {
            super(message);
        }
    }
}
