package com.misybot.hub.platform;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.security.outbound.*}: where the hub may send requests (see {@link OutboundUrlPolicy}); with
 * {@code allow-own-address} the hub's own port on loopback too (the sandbox platform).
 */
@ConfigurationProperties(prefix = "hub.security.outbound")
public record OutboundProperties(@DefaultValue({"http", "https"}) List<String> allowedSchemes,
                                 @DefaultValue("api.openai.com") List<String> allowedHosts,
                                 @DefaultValue("false") boolean allowOwnAddress) {
}
