package com.misybot.hub.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns Spring MVC's own errors (unknown path 404, wrong method 405, wrong content type 415, ...) into the hub's
 * problem+json shape with a correlation id; anything unexpected becomes a 500 without internals.
 */
@RestControllerAdvice
public class MvcProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MvcProblemAdvice.class);

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpServletRequest servletRequest = ((ServletWebRequest) request).getRequest();
        Problem problem = Problem.of(ProblemType.forStatus(statusCode.value()), detail(ex, servletRequest),
                        ProblemWriter.correlationId(servletRequest))
                .withInstance(servletRequest.getRequestURI());
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        out.setContentType(MediaType.parseMediaType(Problem.MEDIA_TYPE));
        return ResponseEntity.status(statusCode).headers(out).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        LOG.error("Unhandled error", ex);
        return handleExceptionInternal(ex, null, null, HttpStatusCode.valueOf(500), request);
    }

    private static String detail(Exception ex, HttpServletRequest request) {
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return "No resource at " + request.getMethod() + " " + request.getRequestURI() + ".";
        }
        if (ex instanceof HttpRequestMethodNotSupportedException e) {
            return "Method " + e.getMethod() + " is not allowed here; allowed: "
                    + String.join(", ", e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods()) + ".";
        }
        if (ex instanceof HttpMediaTypeNotSupportedException e) {
            return "Content type '" + e.getContentType() + "' is not supported; send " + e.getSupportedMediaTypes() + ".";
        }
        return "The request could not be processed.";
    }
}
