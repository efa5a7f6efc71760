package com.misybot.hub.governance.security;

import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for the API: closed unless {@code hub.security.cors.allowed-origins} lists the origin. A cross-origin request
 * (preflight or not) from any other origin is refused with a 403 problem before authentication; same-origin
 * requests and clients that send no {@code Origin} are not affected.
 */
public class ProblemCorsFilter extends CorsFilter {

    public ProblemCorsFilter(CorsProperties properties, ProblemWriter problems) {
        super(source(properties));
        setCorsProcessor(new ProblemCorsProcessor(problems));
    }

    private static UrlBasedCorsConfigurationSource source(CorsProperties properties) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(List.copyOf(properties.allowedOrigins()));
        config.setAllowedMethods(List.copyOf(properties.allowedMethods()));
        config.setAllowedHeaders(List.copyOf(properties.allowedHeaders()));
        config.setExposedHeaders(List.copyOf(properties.exposedHeaders()));
        // bearer tokens and API keys travel in headers: no cookies, so no credentials mode
        config.setAllowCredentials(false);
        config.setMaxAge(properties.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        // every path of the chain: with no allowed origin this refuses every cross-origin request
        source.registerCorsConfiguration("/**", config);
        return source;
    }

    /** Spring's processor, answering a refusal as problem+json instead of the text "Invalid CORS request". */
    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        private final ProblemWriter problems;

        ProblemCorsProcessor(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        public boolean processRequest(CorsConfiguration config, HttpServletRequest request,
                                      HttpServletResponse response) throws IOException {
            if (super.processRequest(config, request, response)) {
                return true;
            }
            problems.write(request, response, ProblemType.FORBIDDEN, "Cross-origin requests from this origin are "
                    + "not allowed (hub.security.cors.allowed-origins).");
            return false;
        }

        @Override
        protected void rejectRequest(ServerHttpResponse response) {
            // the problem body is written by processRequest
        }
    }
}
