package com.misybot.hub.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops and starts the local RabbitMQ application (rabbitmqctl stop_app / start_app) for outage tests. */
public final class RabbitBroker {

    private RabbitBroker() {
    }

    public static void stopApp() {
        run("stop_app");
    }

    public static void startApp() {
        run("start_app");
        run("await_startup");
    }

    private static void run(String command) {
        List<String> cmd = List.of("rabbitmqctl", command);
        try {
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("rabbitmqctl " + command + " did not finish within 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + command + " failed (exit " + process.exitValue()
                        + "); this test needs to control the local RabbitMQ (run it as root or as the rabbitmq "
                        + "user): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl is not available (" + e.getMessage() + "); start the "
                    + "services with scripts/services.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
