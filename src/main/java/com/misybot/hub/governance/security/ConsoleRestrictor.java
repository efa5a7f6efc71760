package com.misybot.hub.governance.security;

import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's own gate, behind {@link ConsoleAccessFilter}: every read, operation and listing is checked against
 * {@link ConsolePolicy} with the roles of the caller Spring Security authenticated on this request's thread. It
 * refuses what the filter might have let through (another request syntax, a future Jolokia feature), and with no
 * authenticated caller it refuses everything. Instantiated by Jolokia ({@code restrictorClass}).
 */
public class ConsoleRestrictor implements Restrictor {

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        // POST only: a cross-site GET (an image tag) cannot reach an operation, and POSTs carry the CSRF check
        return method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return type != null && ConsolePolicy.mayUseType(roles(), type.getName());
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return ConsolePolicy.mayRead(roles(), name);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return ConsolePolicy.mayWrite(roles(), name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return ConsolePolicy.mayExecute(roles(), name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // who may connect is Spring Security's decision (and the network's), not a host list
        return true;
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        // strict origin checking stays off (the XSRF token guards console writes); and no CORS headers are ever
        // sent: another origin's script gets no answer it can read
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return ConsolePolicy.isHidden(name);
    }

    /** The caller's hub roles ({@code ROLE_x} authorities), empty when nobody is authenticated. */
    static Set<String> roles() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return Set.of();
        }
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).collect(Collectors.toUnmodifiableSet());
    }
}
