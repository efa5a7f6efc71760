package com.misybot.hub.bus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Dead-letter queues of the local transport: the in-memory SEDA queues {@code hub.agent.<agent>.dlq}. */
@Component
@ConditionalOnProperty(name = "hub.bus.transport", havingValue = "local", matchIfMissing = true)
public class LocalDeadLetterQueues implements DeadLetterQueues {

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final BusProperties bus;

    public LocalDeadLetterQueues(CamelContext camel, ProducerTemplate producer, BusProperties bus) {
        this.camel = camel;
        this.producer = producer;
        this.bus = bus;
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        bus.agents().forEach(agent -> counts.put(agent, (long) queue(agent).size()));
        return counts;
    }

    @Override
    public List<DeadLetter> list(String agent, int limit) {
        return queue(agent).stream().limit(limit).map(LocalDeadLetterQueues::letter).toList();
    }

    @Override
    public List<String> replay(String agent, Set<String> messageIds) {
        List<String> replayed = new ArrayList<>();
        for (Exchange exchange : List.copyOf(queue(agent))) {
            DeadLetter letter = letter(exchange);
            if ((messageIds.isEmpty() || messageIds.contains(letter.messageId())) && queue(agent).remove(exchange)) {
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put(BusHeaders.MESSAGE_ID, letter.messageId());
                headers.put(BusHeaders.AGENT, agent);
                headers.put(BusHeaders.REPLAY_COUNT,
                        exchange.getMessage().getHeader(BusHeaders.REPLAY_COUNT, 0, Integer.class) + 1);
                producer.sendBodyAndHeaders("seda:" + bus.queue(agent) + "?" + LocalBusRoutes.QUEUE_OPTIONS,
                        letter.envelope(), headers);
                replayed.add(letter.messageId());
            }
        }
        return replayed;
    }

    @Override
    public boolean discard(String agent, String messageId) {
        return queue(agent).removeIf(exchange -> messageId.equals(letter(exchange).messageId()));
    }

    private BlockingQueue<Exchange> queue(String agent) {
        return camel.getEndpoint("seda:" + bus.deadLetterQueue(agent) + "?" + LocalBusRoutes.QUEUE_OPTIONS,
                SedaEndpoint.class).getQueue();
    }

    private static DeadLetter letter(Exchange exchange) {
        Map<String, Object> headers = new TreeMap<>();
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (k.startsWith("x-hub-") || k.equals(BusHeaders.CORRELATION_ID) || k.equals(BusHeaders.TRACEPARENT)) {
                headers.put(k, v);
            }
        });
        return new DeadLetter(exchange.getMessage().getHeader(BusHeaders.MESSAGE_ID, String.class), headers,
                exchange.getMessage().getBody(String.class));
    }
}
