package com.misybot.hub.platform;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Work another transaction has just committed, heard at once instead of at the next poll: one LISTEN connection per
 * replica on channel {@value #CHANNEL}, which triggers of the database notify (migration V25: {@code outbox} when a
 * {@code bus_outbox} row is written, {@code reply:<turn id>} when a turn answering that turn is). PostgreSQL delivers
 * a notification when its transaction commits, to every replica. A subscriber gets the part after the kind's colon
 * on the listener's thread, so it must hand real work to a thread of its own. Notifications are a shortcut, not the
 * record: one sent while the connection is re-established is lost, so every subscriber keeps a slower poll.
 */
@Component
public class Wakeups implements InitializingBean, DisposableBean {

    public static final String CHANNEL = "hub_wake";

    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final PostgresListener listener;

    public Wakeups(DataSource dataSource) {
        this.listener = new PostgresListener(dataSource, CHANNEL, "hub-wake-listen", this::dispatch);
    }

    /** {@code subscriber} is called with the argument of every notification of {@code kind}. */
    public void subscribe(String kind, Consumer<String> subscriber) {
        subscribers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    void dispatch(List<String> payloads) {
        for (String payload : payloads) {
            int colon = payload.indexOf(':');
            String kind = colon < 0 ? payload : payload.substring(0, colon);
            String argument = colon < 0 ? "" : payload.substring(colon + 1);
            for (Consumer<String> subscriber : subscribers.getOrDefault(kind, List.of())) {
                subscriber.accept(argument);
            }
        }
    }

    @Override
    public void afterPropertiesSet() {
        listener.start();
    }

    @Override
    public void destroy() {
        listener.destroy();
    }
}
