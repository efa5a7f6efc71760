package com.misybot.hub.operator;

import java.util.Map;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

/**
 * Drops Spring MVC mappings left behind by removed platform-http consumers. camel-platform-http-starter 4.17
 * unregisters a stopped consumer's path with mapping info computed again without the consumer (every HTTP method
 * instead of the route's httpMethodRestrict), which matches nothing: the mapping stays, and a request to a retired
 * route's path reaches the dead consumer and gets an empty 500 instead of a 404. A new consumer on the same path
 * replaces the mapping, so only paths that nothing serves any more are affected.
 */
public class PlatformHttpMappings {

    private final ObjectProvider<CamelRequestHandlerMapping> mappings;

    public PlatformHttpMappings(ObjectProvider<CamelRequestHandlerMapping> mappings) {
        this.mappings = mappings;
    }

    /** Unregisters every mapping whose consumer is stopped. */
    public void dropStale() {
        CamelRequestHandlerMapping mapping = mappings.getIfAvailable();
        if (mapping == null) {
            return;
        }
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : Map.copyOf(mapping.getHandlerMethods()).entrySet()) {
            if (entry.getValue().getBean() instanceof ServiceSupport consumer
                    && (consumer.isStopped() || consumer.isStopping())) {
                mapping.unregisterMapping(entry.getKey());
            }
        }
    }
}
