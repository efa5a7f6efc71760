package com.misybot.hub.operator.validation;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.support.DefaultConsumer;

/**
 * The dry run's platform-http engine. The real one registers request mappings in Spring MVC, which a sandbox must
 * never do; this one creates consumers that serve nothing. The endpoint itself is still created and its options
 * bound (an unknown option fails the dry run), and the path is checked by the route policy.
 */
final class InertHttpEngine implements PlatformHttpEngine {

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new InertConsumer(endpoint, processor);
    }

    private static final class InertConsumer extends DefaultConsumer implements PlatformHttpConsumer {
        InertConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public PlatformHttpEndpoint getEndpoint() {
            return (PlatformHttpEndpoint) super.getEndpoint();
        }
    }
}
