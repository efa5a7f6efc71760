package com.misybot.hub.bus;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Depths of the in-JVM queues: messages in the SEDA queue are ready, exchanges in flight on the inbound route are
 * delivered but not done, and the consumers are the route's concurrent consumers while it is started.
 */
@Component
@ConditionalOnProperty(name = "hub.bus.transport", havingValue = "local", matchIfMissing = true)
public class LocalQueueDepths implements QueueDepths {

    private final CamelContext camel;

    public LocalQueueDepths(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public QueueDepth depth(String agent) {
        String routeId = BusProperties.consumerRoute(BusProperties.Transport.LOCAL, agent);
        Route route = camel.getRoute(routeId);
        if (route == null || !(route.getEndpoint() instanceof SedaEndpoint seda)) {
            return new QueueDepth(null, null, 0, "local");
        }
        boolean started = camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
        return new QueueDepth((long) seda.getCurrentQueueSize(),
                (long) camel.getInflightRepository().size(routeId),
                started ? seda.getConcurrentConsumers() : 0, "local");
    }
}
