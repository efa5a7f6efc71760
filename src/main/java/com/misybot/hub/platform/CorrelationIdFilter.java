package com.misybot.hub.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of every request: accepts a valid {@code X-Correlation-Id} or generates one, echoes it in the
 * response and keeps it in the logging MDC and a request attribute for the rest of the request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

    /** MDC keys the hub adds to log lines next to Camel's own. */
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Correlation.acceptOrGenerate(request.getHeader(Correlation.HEADER));
        request.setAttribute(Correlation.KEY, id);
        response.setHeader(Correlation.HEADER, id);
        MDC.put(Correlation.KEY, id);
        // a request names its session once it reaches its route (IngressRequest), never a pooled thread's last one
        MDC.remove(Correlation.SESSION_KEY);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(Correlation.KEY);
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
