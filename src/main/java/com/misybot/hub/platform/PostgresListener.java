package com.misybot.hub.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Hears the other replicas' changes at once: LISTEN on a PostgreSQL channel over a dedicated connection, and
 * {@code onChange} run for each batch of notifications (the agent bus has point-to-point queues only, so the
 * broadcast goes through PostgreSQL, which also holds the truth). A notification lost while the connection was down
 * must be made up by a periodic reconcile of the caller's own.
 */
public class PostgresListener implements DisposableBean, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String channel;
    private final String threadName;
    private final java.util.function.Consumer<java.util.List<String>> onChange;
    private volatile boolean running;
    private Thread thread;

    public PostgresListener(DataSource dataSource, String channel, String threadName, Runnable onChange) {
        this(dataSource, channel, threadName, payloads -> onChange.run());
    }

    /** {@code onPayloads} gets the payloads of each batch of notifications, in the order they were sent. */
    public PostgresListener(DataSource dataSource, String channel, String threadName,
                            java.util.function.Consumer<java.util.List<String>> onPayloads) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("'" + channel + "' is not a valid notification channel name "
                    + "(lower-case letters, digits and _)");
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.threadName = threadName;
        this.onChange = onPayloads;
    }

    public void start() {
        running = true;
        thread = new Thread(this, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void destroy() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    // the channel is a checked configured identifier, not input: LISTEN takes no bind parameter
                    listen.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        LOG.debug("{} change(s) announced on {}, first for {}", notifications.length, channel,
                                notifications[0].getParameter());
                        handle(java.util.Arrays.stream(notifications).map(PGNotification::getParameter).toList());
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warn("LISTEN {} lost ({}); listening again in 1 s (the periodic reconcile goes on)", channel,
                            e.getMessage());
                    pause();
                }
            }
        }
    }

    private void handle(java.util.List<String> payloads) {
        try {
            onChange.accept(payloads);
        } catch (RuntimeException e) {
            LOG.error("Handling a change announced on {} failed", channel, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
