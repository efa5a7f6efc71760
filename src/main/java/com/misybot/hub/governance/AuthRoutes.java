package com.misybot.hub.governance;

import com.misybot.hub.platform.web.IngressRouteBuilder;
import com.misybot.hub.platform.web.JsonReplies;
import org.springframework.stereotype.Component;

/** The built-in token issuer over HTTP: the token endpoint and the JWKS document of its public keys. */
@Component
public class AuthRoutes extends IngressRouteBuilder {

    public AuthRoutes(JsonReplies replies) {
        super(replies);
    }

    @Override
    public void configure() {
        rest("/auth").tag("auth")
                .post("/token").id("rest-auth-token")
                    .description("Password or refresh-token grant; answers an RS256 access token and a rotating refresh token")
                    .consumes("application/json").produces("application/json")
                    .to("direct:auth-token");

        jsonIngress("auth-token", "token.request.json")
                .bean("tokenService", "grant")
                .process(reply(200));

        // public keys of the built-in issuer, for other services that verify the hub's tokens
        from("platform-http:/.well-known/jwks.json?httpMethodRestrict=GET&produces=application/json").routeId("auth-jwks")
                .routeConfigurationId(IngressRouteBuilder.ROUTE_CONFIGURATION)
                .removeHeaders("*")
                .bean("signingKeys", "publicKeys")
                .transform(simple("${body.toString()}"))
                .setHeader("Content-Type", constant("application/json"))
                .setHeader("Cache-Control", constant("public, max-age=300"));
    }
}
