package com.misybot.hub.governance.audit;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The access log of the management surfaces, in the audit chain: every request to the admin API, the console's
 * Jolokia and the console page, and every saga action, refused ones included, becomes one {@code http.access}
 * record (caller id, role, method, path, status, duration, and the client address as a keyed hash — an auditor
 * holding the key can test a suspected address, nobody can read one off the log). Runs inside the security chain
 * so it knows the caller; for asynchronous (Camel platform-http) requests it records when the answer is complete.
 */
public class AccessLogFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogFilter.class);

    /** What counts as a management request. */
    private static final Pattern LOGGED = Pattern.compile(
            "/api/v1/admin(/.*)?|/actuator/jolokia(/.*)?|/actuator/hawtio/jolokia(/.*)?"
            + "|/actuator/hawtio/?|/actuator/hawtio/index\\.html|/api/v1/sagas/[^/]+/[a-z-]+");

    /** The console page itself: loading it is a console login. */
    private static final Pattern CONSOLE_PAGE = Pattern.compile("/actuator/hawtio/?|/actuator/hawtio/index\\.html");

    private final AuditLog log;
    private final AuditMacKeys keys;

    public AccessLogFilter(AuditLog log, AuditMacKeys keys) {
        this.log = log;
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !LOGGED.matcher(path).matches()
                || (path.startsWith("/api/v1/sagas/") && "GET".equals(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(request, response, caller, start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(request, response, caller, start);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, Authentication caller, long start) {
        String path = path(request);
        boolean authenticated = caller != null && caller.isAuthenticated() && caller.getPrincipal() != null
                && !"anonymousUser".equals(caller.getName());
        String actor = authenticated ? caller.getName() : "anonymous";
        List<String> roles = authenticated ? caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).toList() : List.of();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", request.getMethod());
        details.put("path", path);
        details.put("status", response.getStatus());
        details.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        details.put("client", pseudonym(request.getRemoteAddr()));
        try {
            log.append(AuditEvent.by(actor, roles, "http.access", request.getMethod() + " " + path, details));
            if (authenticated && response.getStatus() == 200 && "GET".equals(request.getMethod())
                    && CONSOLE_PAGE.matcher(path).matches()) {
                log.append(AuditEvent.by(actor, roles, "console.login", "console", Map.of()));
            }
        } catch (RuntimeException e) {
            LOG.error("Could not write the access record of {} {}", request.getMethod(), path, e);
        }
    }

    /** A keyed hash of the client address (the audit MAC key), 16 hex digits. */
    private String pseudonym(String address) {
        byte[] mac = keys.mac(keys.primary(), ("client-address|" + address).getBytes(StandardCharsets.UTF_8));
        return "hmac:" + AuditRecord.hex(mac).substring(0, 16);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
