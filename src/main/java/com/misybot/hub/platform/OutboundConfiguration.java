package com.misybot.hub.platform;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The outbound URL policy and where it is enforced for every Camel {@code http:}/{@code https:} endpoint (the
 * publish kamelet and any operator route): each connection is checked and pinned, redirects are never followed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundConfiguration {

    @Bean
    OutboundUrlPolicy outboundUrlPolicy(OutboundProperties properties, Environment environment) {
        OutboundUrlPolicy policy = new OutboundUrlPolicy(properties.allowedSchemes(), properties.allowedHosts());
        if (properties.allowOwnAddress()) {
            policy.allowOwnAddress(environment.getProperty("server.port", Integer.class, 8080));
        }
        return policy;
    }

    /** With a random port (server.port=0), the own address is the port the server actually got. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> outboundOwnPort(OutboundProperties properties,
                                                                   OutboundUrlPolicy policy) {
        return event -> {
            if (properties.allowOwnAddress() && "server".equals(serverNamespace(event))) {
                policy.allowOwnAddress(event.getWebServer().getPort());
            }
        };
    }

    private static String serverNamespace(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        return namespace == null ? "server" : namespace;
    }

    /** Applied by Camel to every HttpComponent it creates (http and https). */
    @Bean
    ComponentCustomizer outboundHttpComponentCustomizer(OutboundUrlPolicy policy) {
        HttpClientConfigurer configurer = builder -> builder
                .setRoutePlanner(new OutboundRoutePlanner(policy))
                .disableRedirectHandling();
        return ComponentCustomizer.builder(HttpComponent.class).build(component -> {
            component.setHttpClientConfigurer(configurer);
            component.setFollowRedirects(false);
            component.setRedirectHandlingDisabled(true);
        });
    }
}
