package com.misybot.hub.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A social platform's posts API for tests, over real HTTP: {@code POST /<platform>/posts} answers {@code {"id"}}
 * (the same id again for a repeated Idempotency-Key), {@code DELETE /<platform>/posts/<id>} answers 204 or 404.
 * Platforms can be made to fail (500) or to answer slowly; every call is recorded.
 */
public final class PublishPlatformStub implements AutoCloseable {

    /** One request as the platform saw it. */
    public record Call(String method, String platform, String postId, String idempotencyKey, long atNanos) {
    }

    private final HttpServer server;
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> live = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> slowAnswers = new ConcurrentHashMap<>();
    private volatile long delayMillis;
    private final java.util.concurrent.atomic.AtomicInteger failingDeletes = new java.util.concurrent.atomic.AtomicInteger();

    private PublishPlatformStub(HttpServer server) {
        this.server = server;
    }

    public static PublishPlatformStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            PublishPlatformStub stub = new PublishPlatformStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(64));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String platform) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + platform + "/posts";
    }

    public void fail(String platform) {
        failing.add(platform);
    }

    /** A POST that creates a post on {@code platform} is answered only after {@code millis} (a repeat at once). */
    public void answerSlowly(String platform, long millis) {
        slowAnswers.put(platform, millis);
    }

    /** The next {@code n} DELETEs answer 500. */
    public void failDeletes(int n) {
        failingDeletes.set(n);
    }

    /** Answers after {@code millis}; a shorter delay also releases requests already waiting (delay(0): now). */
    public void delay(long millis) {
        synchronized (this) {
            delayMillis = millis;
            notifyAll();
        }
    }

    public void reset() {
        failing.clear();
        slowAnswers.clear();
        failingDeletes.set(0);
        delay(0);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Posts that exist now (created and not deleted), by id → platform. */
    public Map<String, String> livePosts() {
        return Map.copyOf(live);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            String platform = path.length > 1 ? path[1] : "";
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            exchange.getRequestBody().readAllBytes();
            awaitDelay();
            if ("POST".equals(exchange.getRequestMethod())) {
                if (failing.contains(platform)) {
                    calls.add(new Call("POST", platform, null, key, System.nanoTime()));
                    answer(exchange, 500, "{\"error\":\"platform down\"}");
                    return;
                }
                String id = key == null ? UUID.randomUUID().toString()
                        : byKey.computeIfAbsent(platform + "|" + key, k -> UUID.randomUUID().toString());
                boolean created = live.putIfAbsent(id, platform) == null;
                calls.add(new Call("POST", platform, id, key, System.nanoTime()));
                Long slow = slowAnswers.get(platform);
                if (created && slow != null) {
                    // the post exists, but its answer comes late (the caller may have given up)
                    Thread.sleep(slow);
                }
                answer(exchange, 201, "{\"id\":\"" + id + "\"}");
            } else if ("DELETE".equals(exchange.getRequestMethod()) && path.length > 3) {
                String id = path[3];
                if (failingDeletes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    calls.add(new Call("DELETE-FAILED", platform, id, key, System.nanoTime()));
                    answer(exchange, 500, "{\"error\":\"try later\"}");
                    return;
                }
                calls.add(new Call("DELETE", platform, id, key, System.nanoTime()));
                answer(exchange, live.remove(id) != null ? 204 : 404, "");
            } else {
                answer(exchange, 405, "");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void awaitDelay() throws InterruptedException {
        long start = System.nanoTime();
        long left;
        while ((left = delayMillis - (System.nanoTime() - start) / 1_000_000) > 0) {
            wait(left);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
