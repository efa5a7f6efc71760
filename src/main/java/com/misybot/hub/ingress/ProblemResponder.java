package com.misybot.hub.ingress;

import com.misybot.hub.platform.web.SchemaViolations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.Problem;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The error half of every ingress route (used by the {@code ingress} route configuration): turns the caught
 * exception into an RFC 9457 problem+json answer; unexpected exceptions are logged and answered as a bare 500.
 */
@Component("problemResponder")
public class ProblemResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

    private final ObjectMapper mapper;

    public ProblemResponder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Exception exception = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String correlationId = exchange.getVariable(IngressRequest.CORRELATION_ID, String.class);
        Problem problem = toProblem(exception, correlationId)
                .withInstance(exchange.getVariable(IngressRequest.REQUEST_URI, String.class));
        exchange.getMessage().removeHeaders("*");
        if (known(exception) instanceof ProblemException pe && pe.retryAfter() != null) {
            exchange.getMessage().setHeader("Retry-After", Math.max(1, pe.retryAfter().toSeconds()));
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        exchange.getMessage().setBody(mapper.writeValueAsString(problem));
    }

    /** The problem-bearing exception in the cause chain (transactions and bean calls wrap what was thrown). */
    private static Throwable known(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof ProblemException || t instanceof JsonValidationException) {
                return t;
            }
        }
        return exception;
    }

    static Problem toProblem(Exception caught, String correlationId) {
        Throwable exception = known(caught);
        if (exception instanceof ProblemException pe) {
            return pe.toProblem(correlationId);
        }
        if (exception instanceof JsonValidationException jve) {
            return Problem.of(ProblemType.VALIDATION,
                            "The request body breaks " + jve.getNumberOfErrors() + " rule(s) of its JSON schema.",
                            correlationId)
                    .withErrors(SchemaViolations.of(jve.getErrors()));
        }
        LOG.error("Unexpected error while processing a request", caught);
        return Problem.of(ProblemType.INTERNAL, "The hub could not process the request.", correlationId);
    }
}
