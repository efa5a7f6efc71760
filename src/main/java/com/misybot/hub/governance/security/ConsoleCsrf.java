package com.misybot.hub.governance.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF protection of the console (Hawtio, Jolokia). A browser re-sends HTTP Basic credentials on its own, so a
 * state-changing console request must also carry the {@code XSRF-TOKEN} cookie's value in {@code X-XSRF-TOKEN}
 * (which the Hawtio UI does). Requests that authenticate with a bearer token or an API key carry no ambient
 * credentials and are exempt.
 */
final class ConsoleCsrf {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private ConsoleCsrf() {
    }

    /** Unsafe methods, unless the caller authenticates with non-ambient credentials. */
    static RequestMatcher requiresProtection() {
        return request -> {
            if (SAFE_METHODS.contains(request.getMethod())) {
                return false;
            }
            String authorization = request.getHeader("Authorization");
            boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
            return !bearer && request.getHeader(ApiKeyAuthenticationFilter.HEADER) == null;
        };
    }

    /** Single-page-app token handling: BREACH-safe tokens in pages, the raw cookie value accepted from headers. */
    static final class SpaTokenHandler implements CsrfTokenRequestHandler {

        private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
        private final CsrfTokenRequestHandler xor = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            xor.handle(request, response, token);
            // render the token now so the XSRF-TOKEN cookie is written on every console answer
            token.get();
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            String header = request.getHeader(token.getHeaderName());
            return (StringUtils.hasText(header) ? plain : xor).resolveCsrfTokenValue(request, token);
        }
    }

    /** Writes the XSRF-TOKEN cookie on console answers (Spring loads tokens lazily otherwise). */
    static final class CookieFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
