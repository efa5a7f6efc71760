package com.misybot.hub.ingress;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/** Route configuration {@code ingress}, shared by every HTTP-facing route: all errors become problem+json. */
@Component
public class IngressRouteConfiguration extends RouteConfigurationBuilder {

    /** Id that ingress routes (Java and YAML) reference with {@code routeConfigurationId}. */
    public static final String ID = com.misybot.hub.platform.web.IngressRouteBuilder.ROUTE_CONFIGURATION;

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Exception.class).handled(true).process("problemResponder");
    }
}
