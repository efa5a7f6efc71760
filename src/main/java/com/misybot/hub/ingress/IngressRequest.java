package com.misybot.hub.ingress;

import com.misybot.hub.governance.security.HubAuthentication;
import com.misybot.hub.platform.Correlation;
import com.misybot.hub.platform.CorrelationIdFilter;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.MDC;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * First step of every ingress route: takes the caller, correlation id and client address of the servlet request
 * into exchange variables, links the correlation id to the current span and the log MDC, and drops every HTTP
 * header so no client-sent header can pose as an internal one further down the route.
 */
@Component("ingressRequest")
public class IngressRequest implements Processor {

    /** Exchange variables set here. */
    public static final String CALLER = "caller";
    public static final String CORRELATION_ID = Correlation.KEY;
    public static final String CLIENT_IP = "clientIp";
    public static final String REQUEST_URI = "requestUri";

    @Override
    public void process(Exchange exchange) {
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        String correlationId = request != null ? ProblemWriter.correlationId(request) : MDC.get(Correlation.KEY);
        if (correlationId == null) {
            correlationId = UUID.randomUUID().toString();
        }
        MDC.put(Correlation.KEY, correlationId);
        Correlation.sessionInMdc(exchange.getVariable("sessionId"));
        exchange.setVariable(CORRELATION_ID, correlationId);
        exchange.setVariable(CLIENT_IP, request != null ? request.getRemoteAddr() : "unknown");
        exchange.setVariable(REQUEST_URI, request != null ? request.getRequestURI() : null);
        Span span = Span.current();
        span.setAttribute("correlation.id", correlationId);
        SpanContext context = span.getSpanContext();
        if (context.isValid()) {
            MDC.put(CorrelationIdFilter.TRACE_ID, context.getTraceId());
            MDC.put(CorrelationIdFilter.SPAN_ID, context.getSpanId());
        }
        exchange.setVariable(CALLER, HubAuthentication.caller(SecurityContextHolder.getContext().getAuthentication()));
        exchange.getMessage().removeHeaders("*");
        String query = request != null ? request.getQueryString() : null;
        if (query != null && (query.toLowerCase(Locale.ROOT).contains("%00") || query.indexOf('\u0000') >= 0)) {
            // PostgreSQL text cannot hold U+0000: a parameter carrying it is refused before any query uses it
            throw new ProblemException(ProblemType.BAD_REQUEST, "A query parameter contains U+0000 (NUL).");
        }
    }
}
