package com.misybot.hub.ai;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;

/** A non-2xx answer of the LLM endpoint with its {@code Retry-After} (null when absent). */
public class LlmHttpException extends HttpException {

    private final transient Duration retryAfter;

    public LlmHttpException(int status, String body, Duration retryAfter) {
        super(status, body);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** 429 and 5xx may succeed later; 4xx otherwise will not. */
    public boolean retriable() {
        return statusCode() == 429 || statusCode() >= 500;
    }
}
