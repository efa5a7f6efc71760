package com.misybot.hub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Writes problem+json answers from servlet code (filters, Spring Security handlers, the /error page). */
@Component
public class ProblemWriter {

    private final ObjectMapper mapper;

    public ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        write(request, response, Problem.of(type, detail, correlationId(request)));
    }

    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        mapper.writeValue(response.getOutputStream(),
                problem.instance() == null ? problem.withInstance(request.getRequestURI()) : problem);
    }

    /** The request's correlation id as set by {@link CorrelationIdFilter}. */
    public static String correlationId(HttpServletRequest request) {
        Object id = request.getAttribute(Correlation.KEY);
        return id != null ? id.toString() : MDC.get(Correlation.KEY);
    }
}
