package com.misybot.hub.governance.security;

import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Spring Security's 401 and 403 answers as problem+json. */
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemWriter problems;
    private final String challenge;

    /** @param challenge the {@code WWW-Authenticate} scheme(s) to announce, e.g. {@code Bearer} */
    public ProblemSecurityHandlers(ProblemWriter problems, String challenge) {
        this.problems = problems;
        this.challenge = challenge;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", challenge);
        String detail = e instanceof InvalidBearerTokenException
                ? "The bearer token is invalid, expired or not signed by a trusted key."
                : "Authentication is required: send 'Authorization: Bearer <token>' or 'X-Api-Key'.";
        problems.write(request, response, ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        problems.write(request, response, ProblemType.FORBIDDEN, "Your role does not allow this operation.");
    }
}
