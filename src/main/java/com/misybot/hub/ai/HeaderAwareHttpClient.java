package com.misybot.hub.ai;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import com.misybot.hub.platform.OutboundUrlPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * LangChain4j HTTP client over {@code java.net.http} that keeps what LangChain4j's own client drops: a non-2xx answer
 * becomes an {@link LlmHttpException} carrying {@code Retry-After}, so the LLM port can honour it. Timeouts surface as
 * {@link HttpTimeoutException} (retried by the port). No streaming: agents ask for whole answers. Every URL passes the
 * {@link OutboundUrlPolicy} before it is sent, and redirects are never followed (a 3xx is an error answer). The JDK
 * client resolves the name again after the check; the JVM's DNS cache (30 s) makes both see the same addresses.
 */
public class HeaderAwareHttpClient implements HttpClient {

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final OutboundUrlPolicy outbound;

    HeaderAwareHttpClient(Duration connectTimeout, Duration readTimeout, OutboundUrlPolicy outbound) {
        this.http = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        this.readTimeout = readTimeout;
        this.outbound = outbound;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        URI uri = outbound.check(request.url());
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .method(request.method().name(), request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LlmTransportException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmTransportException(e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new LlmHttpException(response.statusCode(), response.body(),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                .headers(response.headers().map()).body(response.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("streaming is not used by the hub");
    }

    /** Retry-After in seconds (the HTTP-date form is treated as absent). */
    static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A connection failure or timeout talking to the LLM endpoint (retriable). */
    public static class LlmTransportException extends RuntimeException {
        public LlmTransportException(Exception cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    /** Builder handed to LangChain4j's {@code OpenAiChatModel}. */
    public static class Builder implements HttpClientBuilder {

        private final OutboundUrlPolicy outbound;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);

        public Builder(OutboundUrlPolicy outbound) {
            this.outbound = outbound;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            if (timeout != null) {
                this.connectTimeout = timeout;
            }
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            if (timeout != null) {
                this.readTimeout = timeout;
            }
            return this;
        }

        @Override
        public HttpClient build() {
            return new HeaderAwareHttpClient(connectTimeout, readTimeout, outbound);
        }
    }
}
