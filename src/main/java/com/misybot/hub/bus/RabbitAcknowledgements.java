package com.misybot.hub.bus;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Manual acknowledgements of the RabbitMQ inbound routes: a delivery is acked when its exchange completed (the agent
 * route ran, or the message was dead-lettered, and the idempotency confirm is committed), and nacked with requeue
 * when a failure escaped the route (for example its dead letter could not be stored). Acking at completion rather
 * than when the listener returns lets the listener take the next delivery while this one is still processed.
 *
 * <p>When the exchange went through the idempotent consumer, its confirm (DONE) is committed by the group-commit
 * writer after the exchange is done ({@link PostgresIdempotentRepository#confirm(Exchange, String)}): the ack is sent
 * once that commit is through, from the writer's thread, so the worker does not wait for it. A confirm that failed
 * (the database was unreachable) still acks, with a warning: the message was processed, and acking is what keeps it
 * from being processed again; only a copy published again later would find its key still CLAIMED and be processed
 * again once the claim lease has run out.
 */
@Component("rabbitAcknowledgements")
@ConditionalOnExpression("'${hub.bus.transport:local}' == 'rabbitmq' or '${hub.bus.transport:local}' == 'servicebus'")
public class RabbitAcknowledgements {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitAcknowledgements.class);

    /** First step of an inbound route: acknowledge this delivery once the exchange is done. */
    public void ackWhenDone(Exchange exchange) {
        Channel channel = exchange.getProperty(SpringRabbitMQConstants.CHANNEL, Channel.class);
        Long tag = exchange.getMessage().getHeader(SpringRabbitMQConstants.DELIVERY_TAG, Long.class);
        if (channel == null || tag == null) {
            throw new IllegalStateException("not a RabbitMQ delivery: no channel or delivery tag to acknowledge");
        }
        exchange.setProperty(BusHeaders.PROP_ACK_AFTER_CONFIRM, true);
        // a delivery tag belongs to the channel that delivered it: ack on that channel, not through Spring AMQP's
        // cached-channel proxy, which after the channel closed opens a fresh one and sends it acks of tags it never
        // delivered (the broker then closes that one too: "PRECONDITION_FAILED - unknown delivery tag")
        Channel deliveredOn = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
        exchange.getExchangeExtension().addOnCompletion(new Ack(deliveredOn, tag));
    }

    private static final class Ack extends SynchronizationAdapter {
        private final Channel channel;
        private final long tag;

        Ack(Channel channel, long tag) {
            this.channel = channel;
            this.tag = tag;
        }

        @Override
        public void onComplete(Exchange exchange) {
            CompletableFuture<?> confirm = exchange.getProperty(BusHeaders.PROP_PENDING_CONFIRM, CompletableFuture.class);
            if (confirm == null) {
                ack();
                return;
            }
            String messageId = exchange.getVariable(BusHeaders.VAR_MESSAGE_ID, String.class);
            confirm.whenComplete((confirmed, failure) -> {
                if (failure != null) {
                    LOG.warn("Delivery {} (message {}) was processed, but its idempotency confirm failed: {}", tag,
                            messageId, failure.toString());
                }
                ack();
            });
        }

        private void ack() {
            send("acknowledged", () -> channel.basicAck(tag, false));
        }

        /** Sends an ack or a requeue on the delivering channel; a closed channel is logged, never thrown. */
        private void send(String what, AmqpCall call) {
            if (!channel.isOpen()) {
                closed(what);
                return;
            }
            try {
                call.run();
            } catch (AlreadyClosedException e) {
                closed(what);
            } catch (IOException | RuntimeException e) {
                // the channel is gone: the broker redelivers, and the idempotent consumer skips what was done
                LOG.warn("Delivery {} could not be {}: {}", tag, what, e.toString());
            }
        }

        /** The delivering channel closed first: the broker has the message back already; nothing is lost. */
        private void closed(String what) {
            LOG.info("Delivery {} not {}: its channel closed (consumer restarted or connection lost); the broker "
                    + "delivers it again and the idempotent consumer skips it if it was processed", tag, what);
        }

        @Override
        public void onFailure(Exchange exchange) {
            send("requeued", () -> channel.basicNack(tag, false, true));
        }
    }

    /** One AMQP method on a channel. */
    @FunctionalInterface
    private interface AmqpCall {
        void run() throws IOException;
    }
}
