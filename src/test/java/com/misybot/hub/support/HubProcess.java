package com.misybot.hub.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packaged hub jar ({@code target/agent-hub-*.jar}, built by {@code package} before failsafe runs) started as
 * a separate process, for tests and benchmarks that kill it: {@link #kill()} is SIGKILL, nothing runs on the way out.
 */
public final class HubProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with {@code args} (Spring Boot {@code --key=value}) and waits until it answers healthy. */
    public static HubProcess start(String name, Map<String, String> env, String... args) {
        int port = freePort();
        Path log = Path.of("target", name + ".log");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-jar", jar().toString(),
                "--server.port=" + port));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            HubProcess hub = new HubProcess(builder.start(), port, log);
            hub.awaitHealthy(Duration.ofSeconds(180));
            return hub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Arguments of a hub that runs viralization pipelines on its own database: profiles services,test, in-JVM bus,
     * both publish platforms on {@code platform}, a short saga lease and recovery interval, no LLM budgets in the
     * way; then {@code extra}.
     */
    public static String[] pipelineArgs(String databaseUrl, PublishPlatformStub platform, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=services,test",
                "--spring.datasource.url=" + databaseUrl,
                "--hub.bus.transport=local",
                "--hub.publish.platforms.tiktok.url=" + platform.url("tiktok"),
                "--hub.publish.platforms.youtube-shorts.url=" + platform.url("youtube-shorts"),
                "--hub.saga.lease=3s",
                "--hub.saga.recovery-interval=250ms",
                "--hub.llm.rate-limit.per-user-per-minute=100000",
                "--hub.llm.rate-limit.global-per-minute=100000"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The hub jar exited with " + process.exitValue() + ", see " + log);
            }
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create(baseUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The hub jar did not become healthy in " + timeout + ", see " + log);
    }

    private static Path jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("agent-hub-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No target/agent-hub-*.jar: run ./mvnw package "
                            + "(failsafe runs after package, so ./mvnw verify builds it first)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
