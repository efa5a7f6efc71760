package com.misybot.hub.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails (never skips) a test class when PostgreSQL, Redis or RabbitMQ is not listening on localhost, with the
 * command that starts them.
 */
public class RequiredServices implements BeforeAllCallback {

    private static final String[][] SERVICES = {
            {"PostgreSQL", "5432"}, {"Redis", "6379"}, {"RabbitMQ", "5672"}};

    @Override
    public void beforeAll(ExtensionContext context) {
        List<String> down = new ArrayList<>();
        for (String[] service : SERVICES) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(service[1])), 2000);
            } catch (IOException e) {
                down.add(service[0] + " (127.0.0.1:" + service[1] + ")");
            }
        }
        if (!down.isEmpty()) {
            throw new IllegalStateException("Integration tests need " + String.join(", ", down)
                    + " but it is not reachable. Start the services with: bash scripts/services.sh");
        }
    }
}
