package com.misybot.hub.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Typed view of the {@code hub.*} configuration declared (and commented) in application.yaml. */
@ConfigurationProperties(prefix = "hub")
public record HubProperties(Embedded embedded, Mongo mongo, Ingress ingress, Security security, Cache cache,
                            Tracing tracing) {

    public record Embedded(Postgres postgres, EmbeddedMongo mongo, @DefaultValue("./data") String dataDir) {
    }

    public record Postgres(boolean enabled, int port) {
    }

    public record EmbeddedMongo(boolean enabled, @DefaultValue("true") boolean persistent) {
    }

    public record Mongo(String url, @DefaultValue("hub") String database) {
    }

    public record Ingress(@DefaultValue("262144") long maxBodyBytes, @DefaultValue("64") int maxJsonDepth,
                          @DefaultValue("classpath:config/schemas") String schemas) {
    }

    public record Security(Jwt jwt, Login login, Bootstrap bootstrap) {
    }

    public record Jwt(@DefaultValue("misybot-hub") String issuer, String jwkSetUri,
                      @DefaultValue("roles") String rolesClaim,
                      @DefaultValue("PT15M") Duration accessTokenTtl,
                      @DefaultValue("P7D") Duration refreshTokenTtl) {
    }

    public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("50") int maxFailuresPerIp,
                        @DefaultValue("PT5M") Duration window) {
    }

    public record Bootstrap(String adminPassword, boolean generateAdminPassword) {
    }

    public record Cache(@DefaultValue("memory") String store) {
    }

    public record Tracing(String otlpEndpoint) {
    }
}
