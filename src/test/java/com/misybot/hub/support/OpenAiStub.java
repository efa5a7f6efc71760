package com.misybot.hub.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat server for tests (real HTTP on a free port): {@code POST /v1/chat/completions} answers
 * with the queued replies in order (the last one repeats), and records every request body.
 */
public class OpenAiStub implements AutoCloseable {

    /** A canned HTTP answer. */
    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Reply last = ok("{}", 1, 1);

    public OpenAiStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Reply reply = replies.poll();
            if (reply == null) {
                reply = last;
            } else {
                last = reply;
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replaces the queue of replies. */
    public void reply(Reply... next) {
        replies.clear();
        requests.clear();
        replies.addAll(List.of(next));
        last = next[next.length - 1];
    }

    public List<String> requests() {
        return requests;
    }

    /** A chat completion whose assistant message is {@code content}, with token usage. */
    public static Reply ok(String content, int promptTokens, int completionTokens) {
        String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return new Reply(200, Map.of(), """
                {"id":"chatcmpl-test","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
                .formatted(escaped, promptTokens, completionTokens, promptTokens + completionTokens));
    }

    public static Reply error(int status, Map<String, String> headers) {
        return new Reply(status, headers, "{\"error\":{\"message\":\"stub error " + status + "\",\"type\":\"x\"}}");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
