package com.misybot.hub.operator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Hears the other replicas' changes at once: LISTEN on {@code hub.routes.notify-channel} over a dedicated
 * connection, and a reconcile on each notification (the agent bus has point-to-point queues only, so the broadcast
 * goes through PostgreSQL, which also holds the truth). A notification lost while the connection was down is made
 * up by the periodic reconcile (route operator-route-sync).
 */
public class RouteChangeListener implements DisposableBean, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteChangeListener.class);
    private static final int POLL_MILLIS = 500;

    private final DataSource dataSource;
    private final String channel;
    private final OperatorRouteRegistry registry;
    private volatile boolean running;
    private Thread thread;

    public RouteChangeListener(DataSource dataSource, OperatorRoutesProperties properties,
                               OperatorRouteRegistry registry) {
        this.dataSource = dataSource;
        this.channel = properties.notifyChannel();
        this.registry = registry;
    }

    /** Started once the operator routes are loaded at start (OperatorRoutesStartup). */
    public void start() {
        running = true;
        thread = new Thread(this, "operator-route-listen");
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
                    // the channel is a configured identifier, not input: LISTEN takes no bind parameter
                    listen.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        LOG.debug("{} change(s) announced, first for {}", notifications.length,
                                notifications[0].getParameter());
                        reconcile();
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

    private void reconcile() {
        try {
            registry.reconcile(false);
        } catch (RuntimeException e) {
            LOG.error("Reconciling operator routes after a notification failed", e);
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
