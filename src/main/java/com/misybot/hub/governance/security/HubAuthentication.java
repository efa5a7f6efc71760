package com.misybot.hub.governance.security;

import com.misybot.hub.platform.web.Caller;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Turns Spring Security's authentication (JWT or API key) into the hub's {@link Caller}. */
public final class HubAuthentication {

    private HubAuthentication() {
    }

    /** The caller, or null for an anonymous request. */
    public static Caller caller(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Set<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .collect(Collectors.toUnmodifiableSet());
        String name = authentication instanceof JwtAuthenticationToken jwt
                && jwt.getToken().getClaimAsString("preferred_username") != null
                ? jwt.getToken().getClaimAsString("preferred_username") : authentication.getName();
        return new Caller(authentication.getName(), name, roles);
    }
}
