package com.misybot.hub.platform;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last {@code hub.ops.logs.capacity} log events of this replica, kept in memory for the admin logs API and the
 * console's live log (a ring: the oldest event goes when a new one comes). A Logback appender on the root logger:
 * appending copies the event's fields and takes a short lock, nothing else, so logging threads never wait on a
 * reader. Texts are masked when first read, like the JSON log (the privacy layer's patterns: e-mail, card, IBAN,
 * phone, ...), and credential-shaped strings (bcrypt hashes, JWTs, long opaque tokens and hex digests) become
 * {@code ⟦SECRET⟧}: this buffer is read over HTTP, the log file is not.
 */
@Component
public class LogBuffer {

    /** bcrypt hashes, JWTs, and opaque tokens or digests (32+ letters and digits with at least one digit). */
    private static final Pattern CREDENTIAL = Pattern.compile("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}"
            + "|eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
            + "|(?<![A-Za-z0-9_+/=])(?=[A-Za-z_+/=]*[0-9])(?=[0-9_+/=]*[A-Za-z])[A-Za-z0-9_+/=]{32,}");

    /** One log event as the API shows it. {@code message} and {@code error} are masked. */
    public record Entry(long seq, Instant time, String level, int levelRank, String logger, String thread,
                        String message, String error, String routeId, String sessionId, String correlationId) {
    }

    /** An event as appended: unmasked until first read. */
    private static final class Slot {
        final long seq;
        final ILoggingEvent event;
        volatile Entry masked;

        Slot(long seq, ILoggingEvent event) {
            this.seq = seq;
            this.event = event;
        }
    }

    private final TextMasking masking;
    private final Slot[] ring;
    private long nextSeq = 1;
    private final Appender appender = new Appender();

    public LogBuffer(TextMasking masking, @Value("${hub.ops.logs.capacity:5000}") int capacity) {
        if (capacity < 10 || capacity > 1_000_000) {
            throw new IllegalArgumentException("hub.ops.logs.capacity must be 10..1000000, not " + capacity);
        }
        this.masking = masking;
        this.ring = new Slot[capacity];
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            appender.setContext(context);
            appender.setName("hub-log-buffer-" + System.identityHashCode(this));
            attach(context);
            // a reset of the logging (Spring Boot configures it again when another application context starts in
            // this JVM) detaches and stops every appender: this one comes back after it, and a check every second
            // brings it back after a stop of the logging context, which also drops its listeners
            watch.scheduleWithFixedDelay(() -> attach(context), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private final java.util.concurrent.ScheduledExecutorService watch =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "log-buffer-watch");
                t.setDaemon(true);
                return t;
            });

    /** Attaches (and starts) the appender unless it is attached and started already. */
    private void attach(LoggerContext context) {
        synchronized (attaching) {
            attachOnce(context);
        }
    }

    private final Object attaching = new Object();

    private void attachOnce(LoggerContext context) {
        if (stopped) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (!appender.isStarted()) {
            appender.start();
        }
        if (!root.isAttached(appender)) {
            root.addAppender(appender);
        }
        if (!context.getCopyOfListenerList().contains(reattach)) {
            context.addListener(reattach);
        }
    }

    private volatile boolean stopped;

    @PreDestroy
    void detach() {
        stopped = true;
        watch.shutdownNow();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.removeListener(reattach);
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        }
        appender.stop();
    }

    private final ch.qos.logback.classic.spi.LoggerContextListener reattach =
            new ch.qos.logback.classic.spi.LoggerContextListener() {
                @Override
                public boolean isResetResistant() {
                    return true;
                }

                @Override
                public void onReset(LoggerContext context) {
                    attach(context);
                }

                @Override
                public void onStart(LoggerContext context) {
                }

                @Override
                public void onStop(LoggerContext context) {
                }

                @Override
                public void onLevelChange(Logger logger, ch.qos.logback.classic.Level level) {
                }
            };

    /** The sequence number the next event will get: events after a read are those with {@code seq >= } this. */
    public synchronized long nextSeq() {
        return nextSeq;
    }

    public int capacity() {
        return ring.length;
    }

    /**
     * The events with {@code seq > after} that {@code filter} accepts, oldest first, at most {@code limit}: the
     * newest {@code limit} of them when {@code newest} is set, else the oldest.
     */
    public List<Entry> read(long after, Predicate<Entry> filter, int limit, boolean newest) {
        List<Slot> slots = new ArrayList<>();
        synchronized (this) {
            long first = Math.max(after + 1, nextSeq - ring.length);
            for (long seq = first; seq < nextSeq; seq++) {
                slots.add(ring[(int) (seq % ring.length)]);
            }
        }
        List<Entry> entries = new ArrayList<>();
        if (newest) {
            for (int i = slots.size() - 1; i >= 0 && entries.size() < limit; i--) {
                Entry entry = entry(slots.get(i));
                if (filter.test(entry)) {
                    entries.add(0, entry);
                }
            }
        } else {
            for (int i = 0; i < slots.size() && entries.size() < limit; i++) {
                Entry entry = entry(slots.get(i));
                if (filter.test(entry)) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** The event as shown: masked once, then kept. */
    private Entry entry(Slot slot) {
        Entry entry = slot.masked;
        if (entry == null) {
            ILoggingEvent e = slot.event;
            Map<String, String> mdc = e.getMDCPropertyMap();
            IThrowableProxy thrown = e.getThrowableProxy();
            String error = thrown == null ? null
                    : thrown.getClassName() + (thrown.getMessage() == null ? "" : ": " + mask(thrown.getMessage()));
            entry = new Entry(slot.seq, Instant.ofEpochMilli(e.getTimeStamp()), e.getLevel().toString(),
                    e.getLevel().toInt(), e.getLoggerName(), e.getThreadName(), mask(e.getFormattedMessage()), error,
                    mdc.get("camel.routeId"), mdc.get(Correlation.SESSION_KEY), mdc.get(Correlation.KEY));
            slot.masked = entry;
        }
        return entry;
    }

    String mask(String text) {
        if (text == null) {
            return null;
        }
        return masking.mask(CREDENTIAL.matcher(text).replaceAll("⟦SECRET⟧"));
    }

    private synchronized void append(ILoggingEvent event) {
        long seq = nextSeq++;
        ring[(int) (seq % ring.length)] = new Slot(seq, event);
    }

    private final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            // the formatted message, the MDC and the caller thread are taken now: the event is read later
            event.prepareForDeferredProcessing();
            LogBuffer.this.append(event);
        }
    }
}
