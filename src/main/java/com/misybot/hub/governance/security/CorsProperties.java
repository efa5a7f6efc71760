package com.misybot.hub.governance.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.security.cors.*}: which browser origins may call the API; none by default. */
@ConfigurationProperties(prefix = "hub.security.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins,
                             @DefaultValue({"GET", "POST", "PUT", "DELETE"}) List<String> allowedMethods,
                             @DefaultValue({"Authorization", "Content-Type", "X-Api-Key", "X-Correlation-Id",
                                     "Last-Event-ID"}) List<String> allowedHeaders,
                             @DefaultValue({"X-Correlation-Id", "Retry-After", "Location"})
                             List<String> exposedHeaders,
                             @DefaultValue("PT1H") Duration maxAge) {
}
