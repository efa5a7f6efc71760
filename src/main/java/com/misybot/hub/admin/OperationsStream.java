package com.misybot.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.LogBuffer;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemWriter;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for operators (auditor, operator, superadmin): {@code GET /api/v1/admin/logs/stream} (this
 * replica's log events as they are written, {@code event: log}) and {@code GET /api/v1/admin/stream}, the live
 * console's one stream: {@code agents} (the agents API's figures, sent when one changes), {@code sagas} (runs per
 * status), {@code deadletters} (per agent), {@code alert} (fired and resolved) and {@code log}.
 * <p>
 * One ticker computes each figure once for every connected console and sends only what changed; each subscriber
 * has its own bounded queue and is written by a small pool, so a slow client delays only itself (it is dropped when
 * its queue overflows). A Spring MVC endpoint: platform-http answers once per request and cannot hold a stream.
 */
@RestController
public class OperationsStream {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsStream.class);
    private static final int QUEUE_LIMIT = 2000;
    private static final int REPLAY = 50;
    private static final String SAGA_COUNTS = "SELECT status, count(*) AS n FROM saga GROUP BY status";

    private final LogsAdmin logs;
    private final LogBuffer buffer;
    private final AgentAdmin agents;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ProblemWriter problems;
    private final long timeoutMillis;
    private final long figuresMillis;
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ops-stream-ticker");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService writers;
    private long logSeq;
    private long lastFigures;
    private volatile boolean figuresChanged;
    private String lastTickFailure;
    private volatile String agentsJson;
    private volatile String sagasJson;
    private volatile String deadLettersJson;

    public OperationsStream(LogsAdmin logs, LogBuffer buffer, AgentAdmin agents, JdbcTemplate jdbc, ObjectMapper json,
                            ProblemWriter problems, org.apache.camel.CamelContext camel,
                            @Value("${hub.ops.stream.timeout:PT30M}") Duration timeout,
                            @Value("${hub.ops.stream.figures-interval:PT0.5S}") Duration figures,
                            @Value("${hub.ops.stream.writers:4}") int writers) {
        this.logs = logs;
        this.buffer = buffer;
        this.agents = agents;
        this.jdbc = jdbc;
        this.json = json;
        this.problems = problems;
        this.timeoutMillis = timeout.toMillis();
        this.figuresMillis = figures.toMillis();
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "ops-stream-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.logSeq = buffer.nextSeq() - 1;
        // a route stopped or started (an agent restarted, the supervising controller at work) and an agent control
        // applied here (agentChanged) are sent at the next tick rather than at the next figures interval
        org.apache.camel.support.EventNotifierSupport routeChanges = new org.apache.camel.support.EventNotifierSupport() {
            @Override
            public void notify(org.apache.camel.spi.CamelEvent event) {
                figuresChanged = true;
            }

            @Override
            public boolean isEnabled(org.apache.camel.spi.CamelEvent event) {
                return event instanceof org.apache.camel.spi.CamelEvent.RouteEvent;
            }
        };
        routeChanges.setIgnoreExchangeEvents(true);
        routeChanges.setIgnoreCamelContextEvents(true);
        routeChanges.setIgnoreServiceEvents(true);
        camel.getManagementStrategy().addEventNotifier(routeChanges);
        org.apache.camel.support.service.ServiceHelper.startService(routeChanges);
        ticker.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::heartbeat, 15, 15, TimeUnit.SECONDS);
    }

    @GetMapping(path = "/api/v1/admin/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter logStream(@RequestParam(required = false) String agent,
                                @RequestParam(required = false) String session,
                                @RequestParam(required = false) String level,
                                @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                                HttpServletRequest request, HttpServletResponse response) throws IOException {
        Predicate<LogBuffer.Entry> filter;
        try {
            filter = logs.matcher(logs.filter(agent, session, level, null, null));
        } catch (ProblemException e) {
            problems.write(request, response, e.type(), e.getMessage());
            return null;
        }
        return open(filter, false, lastEventId);
    }

    @GetMapping(path = "/api/v1/admin/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter consoleStream(@RequestParam(required = false) String level,
                                    HttpServletRequest request, HttpServletResponse response) throws IOException {
        Predicate<LogBuffer.Entry> filter;
        try {
            filter = logs.matcher(logs.filter(null, null, level == null ? "INFO" : level, null, null));
        } catch (ProblemException e) {
            problems.write(request, response, e.type(), e.getMessage());
            return null;
        }
        return open(filter, true, null);
    }

    /** An agent paused, resumed, restarted or terminated here: its figures go out at the next tick. */
    @org.springframework.context.event.EventListener
    public void agentChanged(AgentControl.Applied applied) {
        figuresChanged = true;
    }

    /** Sends an event to every console ({@code /api/v1/admin/stream}); {@code data} is written as JSON. */
    public void publish(String event, Object data) {
        String text = write(data);
        for (Subscriber s : subscribers) {
            if (s.console) {
                s.offer(event, null, text);
            }
        }
    }

    /** How many streams are open on this replica. */
    public int connected() {
        return subscribers.size();
    }

    private SseEmitter open(Predicate<LogBuffer.Entry> filter, boolean console, String lastEventId) {
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        Subscriber s = new Subscriber(emitter, filter, console);
        long after = lastEventId != null && lastEventId.matches("\\d{1,18}") ? Long.parseLong(lastEventId) : -1;
        // the replay is read on the ticker's thread: events up to the ticker's position are replayed, later ones
        // are delivered by its next tick, so none is sent twice or lost in between
        ticker.execute(() -> {
            List<LogBuffer.Entry> replay = after >= 0 ? buffer.read(after, filter, QUEUE_LIMIT / 2, false)
                    : buffer.read(0, filter, REPLAY, true);
            long replayedTo = 0;
            if (console) {
                // figures younger than the interval are shared; a change found now goes to every console
                if (agentsJson == null || System.currentTimeMillis() - lastFigures >= figuresMillis) {
                    try {
                        refreshFigures();
                    } catch (RuntimeException e) {
                        // the broker or the database is away: the console gets the figures once they come back
                        LOG.warn("Operations stream: figures not computed for a new console: {}", e.toString());
                    }
                }
                if (agentsJson != null) {
                    s.offer("agents", null, agentsJson);
                    s.offer("sagas", null, sagasJson);
                    s.offer("deadletters", null, deadLettersJson);
                }
            }
            for (LogBuffer.Entry e : replay) {
                if (e.seq() <= logSeq) {
                    s.offer("log", Long.toString(e.seq()), write(logs.json(e)));
                    replayedTo = e.seq();
                }
            }
            s.replayedTo = replayedTo;
            subscribers.add(s);
        });
        emitter.onCompletion(() -> subscribers.remove(s));
        emitter.onTimeout(() -> {
            subscribers.remove(s);
            emitter.complete();
        });
        emitter.onError(e -> subscribers.remove(s));
        return emitter;
    }

    private void tick() {
        try {
            if (subscribers.isEmpty()) {
                logSeq = buffer.nextSeq() - 1;
                return;
            }
            for (LogBuffer.Entry e : buffer.read(logSeq, x -> true, QUEUE_LIMIT, false)) {
                String text = null;
                for (Subscriber s : subscribers) {
                    if (e.seq() > s.replayedTo && s.filter.test(e)) {
                        text = text == null ? write(logs.json(e)) : text;
                        s.offer("log", Long.toString(e.seq()), text);
                    }
                }
                logSeq = e.seq();
            }
            if ((figuresChanged || System.currentTimeMillis() - lastFigures >= figuresMillis)
                    && subscribers.stream().anyMatch(s -> s.console)) {
                figuresChanged = false;
                refreshFigures();
                lastTickFailure = null;
            }
        } catch (RuntimeException e) {
            // once per distinct failure, not every tick while the broker or the database is away
            if (!e.toString().equals(lastTickFailure)) {
                lastTickFailure = e.toString();
                LOG.warn("Operations stream tick failed: {}", lastTickFailure);
            }
        }
    }

    /** Computes the figures and sends to every connected console those that changed. */
    private void refreshFigures() {
        lastFigures = System.currentTimeMillis();
        AgentAdmin.Agents list = agents.list();
        Map<String, Object> dead = new TreeMap<>();
        for (AgentAdmin.AgentView view : list.agents()) {
            dead.put(view.agent(), view.deadLetters());
        }
        Map<String, Object> sagas = new TreeMap<>();
        for (Map<String, Object> row : jdbc.queryForList(SAGA_COUNTS)) {
            sagas.put((String) row.get("status"), row.get("n"));
        }
        String a = write(list);
        String d = write(Map.of("counts", dead));
        String g = write(Map.of("counts", sagas));
        changed("agents", agentsJson, a);
        changed("deadletters", deadLettersJson, d);
        changed("sagas", sagasJson, g);
        agentsJson = a;
        deadLettersJson = d;
        sagasJson = g;
    }

    private void changed(String event, String before, String now) {
        if (!now.equals(before)) {
            for (Subscriber s : subscribers) {
                if (s.console) {
                    s.offer(event, null, now);
                }
            }
        }
    }

    private void heartbeat() {
        for (Subscriber s : subscribers) {
            s.offer(null, null, null);
        }
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        writers.shutdownNow();
        for (Subscriber s : subscribers) {
            s.emitter.complete();
        }
    }

    /** One open stream: its filter, its queue of events not yet written, and whether a writer is draining it. */
    private final class Subscriber {
        final SseEmitter emitter;
        final Predicate<LogBuffer.Entry> filter;
        final boolean console;
        final ArrayDeque<SseEmitter.SseEventBuilder> queue = new ArrayDeque<>();
        volatile long replayedTo;
        boolean draining;
        boolean closed;

        Subscriber(SseEmitter emitter, Predicate<LogBuffer.Entry> filter, boolean console) {
            this.emitter = emitter;
            this.filter = filter;
            this.console = console;
        }

        /** Queues an event (a heartbeat comment when {@code event} is null). */
        void offer(String event, String id, String data) {
            SseEmitter.SseEventBuilder builder = event == null ? SseEmitter.event().comment("heartbeat")
                    : SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON);
            if (id != null) {
                builder.id(id);
            }
            boolean start;
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queue.size() >= QUEUE_LIMIT) {
                    closed = true;
                    subscribers.remove(this);
                    emitter.completeWithError(new IllegalStateException("the client reads too slowly"));
                    return;
                }
                queue.add(builder);
                start = !draining;
                draining = true;
            }
            if (start) {
                writers.execute(this::drain);
            }
        }

        private void drain() {
            while (true) {
                SseEmitter.SseEventBuilder next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null || closed) {
                        draining = false;
                        return;
                    }
                }
                try {
                    emitter.send(next);
                } catch (IOException | IllegalStateException e) {
                    synchronized (this) {
                        closed = true;
                        queue.clear();
                        draining = false;
                    }
                    subscribers.remove(this);
                    emitter.completeWithError(e);
                    return;
                }
            }
        }
    }
}
