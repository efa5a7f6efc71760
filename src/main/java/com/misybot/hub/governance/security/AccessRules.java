package com.misybot.hub.governance.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Who may call a method and path, asked of the filter chains {@link SecurityConfiguration} built rather than
 * restated, so the API contract's {@code x-required-roles} cannot drift from the rules. Each question is a request
 * as the DispatcherServlet would get it, run through the first matching chain's authorization manager.
 */
@Component
public class AccessRules {

    /** The roles in the order the API contract lists them. */
    public static final List<String> ROLES = List.of(Roles.USER, Roles.OPERATOR, Roles.AUDITOR, Roles.SUPERADMIN);

    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("access-rules", "anonymousUser",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private final ObjectProvider<FilterChainProxy> chains;
    private final ObjectProvider<ServletContext> servletContext;
    private final ObjectProvider<HandlerMappingIntrospector> handlerMappings;

    public AccessRules(ObjectProvider<FilterChainProxy> chains, ObjectProvider<ServletContext> servletContext,
                       ObjectProvider<HandlerMappingIntrospector> handlerMappings) {
        this.chains = chains;
        this.servletContext = servletContext;
        this.handlerMappings = handlerMappings;
    }

    /** Whether a request without credentials is let through to {@code method uri}. */
    public boolean isAnonymous(String method, String uri) {
        return allows(method, uri, ANONYMOUS);
    }

    /** The roles let through to {@code method uri} (a concrete path such as {@code /api/v1/sessions/x}). */
    public List<String> rolesAllowed(String method, String uri) {
        return ROLES.stream().filter(role -> allows(method, uri, withRole(role))).toList();
    }

    private boolean allows(String method, String uri, Authentication caller) {
        HttpServletRequest request = request(method, uri);
        // the MVC request matchers look up the handler once per request, as Spring's own filter does
        handlerMappings.ifAvailable(mappings -> mappings.setCache(request));
        for (SecurityFilterChain chain : chains.getObject().getFilterChains()) {
            if (chain.matches(request)) {
                for (Object filter : chain.getFilters()) {
                    if (filter instanceof AuthorizationFilter authorization) {
                        AuthorizationManager<HttpServletRequest> rules = authorization.getAuthorizationManager();
                        AuthorizationResult result = rules.authorize(() -> caller, request);
                        return result != null && result.isGranted();
                    }
                }
                return true;
            }
        }
        return true;
    }

    private static Authentication withRole(String role) {
        return UsernamePasswordAuthenticationToken.authenticated("access-rules", null,
                AuthorityUtils.createAuthorityList("ROLE_" + role));
    }

    /** A bare GET/POST/... of {@code uri} as the DispatcherServlet (mapped to /) receives it: no headers, no body. */
    private HttpServletRequest request(String method, String uri) {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletMapping mapping = new HttpServletMapping() {
            @Override
            public String getMatchValue() {
                return "";
            }

            @Override
            public String getPattern() {
                return "/";
            }

            @Override
            public String getServletName() {
                return "dispatcherServlet";
            }

            @Override
            public MappingMatch getMappingMatch() {
                return MappingMatch.DEFAULT;
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method.toUpperCase(Locale.ROOT);
                    case "getRequestURI", "getServletPath" -> uri;
                    case "getRequestURL" -> new StringBuffer("http://localhost" + uri);
                    case "getContextPath" -> "";
                    case "getHttpServletMapping" -> mapping;
                    case "getDispatcherType" -> DispatcherType.REQUEST;
                    case "getServletContext" -> servletContext.getObject();
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getAttributeNames" -> Collections.enumeration(attributes.keySet());
                    case "getHeaders", "getHeaderNames", "getParameterNames", "getLocales" ->
                            Collections.emptyEnumeration();
                    case "getParameterMap" -> Map.of();
                    case "getScheme" -> "http";
                    case "getServerName" -> "localhost";
                    case "getServerPort" -> 80;
                    case "getLocale" -> Locale.ROOT;
                    case "getIntHeader", "getContentLength" -> -1;
                    case "getDateHeader", "getContentLengthLong" -> -1L;
                    case "toString" -> method + " " + uri;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> m.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
    }
}
