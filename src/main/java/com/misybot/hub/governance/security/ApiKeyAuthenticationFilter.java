package com.misybot.hub.governance.security;

import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code X-Api-Key} requests as principal {@code apikey:<id>} with the key's role; a bad key is 401. */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final ApiKeys apiKeys;
    private final ProblemWriter problems;

    public ApiKeyAuthenticationFilter(ApiKeys apiKeys, ProblemWriter problems) {
        this.apiKeys = apiKeys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = request.getHeader(HEADER);
        if (secret == null) {
            chain.doFilter(request, response);
            return;
        }
        ApiKeys.ApiKey key = apiKeys.find(secret).orElse(null);
        if (key == null) {
            problems.write(request, response, ProblemType.UNAUTHORIZED, "The API key is unknown or revoked.");
            return;
        }
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                "apikey:" + key.id(), null, List.of(new SimpleGrantedAuthority("ROLE_" + key.role())));
        SecurityContextHolder.getContext().setAuthentication(authentication);
        chain.doFilter(request, response);
    }
}
