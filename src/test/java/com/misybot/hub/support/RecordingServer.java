package com.misybot.hub.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on a chosen local address that records every request it gets ("METHOD path") and answers each
 * with one fixed status and headers (e.g. 302 + Location): the evidence that a refused target was never contacted.
 */
public final class RecordingServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private RecordingServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code address} (e.g. 127.0.0.2), any free port, answering {@code status} with {@code headers}. */
    public static RecordingServer start(String address, int status, Map<String, String> headers) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(address, 0), 50);
            RecordingServer recorder = new RecordingServer(http);
            http.createContext("/", exchange -> {
                try (exchange) {
                    recorder.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                    exchange.getRequestBody().readAllBytes();
                    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                    byte[] body = "{\"id\":\"recorded\"}".getBytes();
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            http.start();
            return recorder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://<address>:<port><path>}. */
    public String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
