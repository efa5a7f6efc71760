package com.misybot.hub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page for what it refuses before the hub sees the request (an encoded NUL in the URL, a malformed
 * request line): an RFC 9457 problem like every other refusal instead of Tomcat's HTML page. Errors the hub
 * answered itself already have a body and are left alone.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        // CorrelationIdFilter may have run (a firewall refusal whose error dispatch was refused too): keep its id
        String correlationId = response.getHeader(Correlation.HEADER) != null ? response.getHeader(Correlation.HEADER)
                : UUID.randomUUID().toString();
        Problem problem = Problem.of(ProblemType.forStatus(status), status >= 500
                ? "The hub could not process the request." : "The request was refused before it reached the hub.",
                correlationId);
        try {
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader(Correlation.HEADER, correlationId);
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
