package com.misybot.hub.bus;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Manual acknowledgements of the RabbitMQ inbound routes: a delivery is acked when its exchange completed (the agent
 * route ran, or the message was dead-lettered, and the idempotency confirm is committed), and nacked with requeue
 * when a failure escaped the route (for example its dead letter could not be stored). Acking at completion rather
 * than when the listener returns lets the listener take the next delivery while this one is still processed.
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
        exchange.getExchangeExtension().addOnCompletion(new Ack(channel, tag));
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
            try {
                channel.basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                // the channel is gone: the broker redelivers, and the idempotent consumer skips what was done
                LOG.warn("Could not acknowledge delivery {}: {}", tag, e.toString());
            }
        }

        @Override
        public void onFailure(Exchange exchange) {
            try {
                channel.basicNack(tag, false, true);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not requeue delivery {}: {}", tag, e.toString());
            }
        }
    }
}
