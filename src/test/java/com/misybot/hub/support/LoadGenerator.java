package com.misybot.hub.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A few threads calling one URL back to back until closed, counting every answer that is not 2xx and every
 * exception as a failed request, and which bodies the 2xx answers carried.
 */
public final class LoadGenerator implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private LoadGenerator() {
    }

    /** Starts {@code threads} callers of {@code url} with header {@code Authorization: Bearer token}. */
    public static LoadGenerator start(String url, String token, int threads) {
        LoadGenerator load = new LoadGenerator();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> load.run(client, request), "load-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void run(HttpClient client, HttpRequest request) {
        while (running) {
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                    bodies.computeIfAbsent(answer.body(), b -> new AtomicLong()).incrementAndGet();
                } else {
                    fail(answer.statusCode() + " " + answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < 20) {
            failures.add(what);
        }
    }

    public long ok() {
        return ok.get();
    }

    public long failed() {
        return failed.get();
    }

    /** The first failures (status and body, or the exception). */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    public Set<String> bodies() {
        return Set.copyOf(bodies.keySet());
    }

    /** Waits until at least {@code n} more requests answered 2xx (proof the load is really running). */
    public void awaitMore(long n, Duration timeout) throws InterruptedException {
        long target = ok.get() + n;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ok.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(35_000);
        }
    }
}
