package com.misybot.hub.ingress;

import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.governance.security.HubAuthentication;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.ProblemWriter;
import com.misybot.hub.platform.SqlFiles;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import com.misybot.hub.privacy.Pseudonymizer;

/**
 * {@code GET /api/v1/sessions/{id}/events}: new turns of a session (the user's and the agents' replies) as
 * Server-Sent Events, {@code event: turn}, {@code id: <seq>}; {@code Last-Event-ID} resumes after that turn. Same
 * access rule as reading the session. A Spring MVC endpoint: platform-http answers once per request and cannot hold
 * a stream open. Turns are polled from PostgreSQL, so replies written by any replica arrive.
 */
@RestController
public class SessionEventsController {

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final JdbcTemplate jdbc;
    private final ProblemWriter problems;
    private final Pseudonymizer pseudonymizer;
    private final Duration timeout;
    private final long pollMillis;
    private final String startSql = SqlFiles.load("session-events-start.sql");
    private final String turnsSql = SqlFiles.load("session-events-select.sql");
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2);

    public SessionEventsController(JdbcTemplate jdbc, ProblemWriter problems, Pseudonymizer pseudonymizer,
                                   @Value("${hub.events.timeout:PT10M}") Duration timeout,
                                   @Value("${hub.events.poll-millis:500}") long pollMillis) {
        this.jdbc = jdbc;
        this.problems = problems;
        this.pseudonymizer = pseudonymizer;
        this.timeout = timeout;
        this.pollMillis = pollMillis;
    }

    @GetMapping(path = "/api/v1/sessions/{sessionId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String sessionId,
                             @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                             HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            problems.write(request, response, ProblemType.BAD_REQUEST,
                    "The session id must be 1..64 characters of [A-Za-z0-9._-].");
            return null;
        }
        List<Map<String, Object>> bundle = jdbc.queryForList(startSql, sessionId);
        Caller caller = HubAuthentication.caller(SecurityContextHolder.getContext().getAuthentication());
        if (bundle.isEmpty() || !(bundle.get(0).get("owner_id").equals(caller.id()) || caller.isPrivileged())) {
            problems.write(request, response, ProblemType.NOT_FOUND, "No such session for this caller.");
            return null;
        }
        long start = lastEventId != null && lastEventId.matches("\\d{1,9}") ? Long.parseLong(lastEventId)
                : ((Number) bundle.get(0).get("turn_count")).longValue();
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        AtomicLong after = new AtomicLong(start);
        // the owner reads their own values back; an operator sees the surrogates as stored
        boolean owner = bundle.get(0).get("owner_id").equals(caller.id());
        ScheduledFuture<?> poll = pollers.scheduleWithFixedDelay(() -> send(emitter, sessionId, after, owner),
                0, pollMillis, TimeUnit.MILLISECONDS);
        emitter.onCompletion(() -> poll.cancel(false));
        emitter.onTimeout(() -> {
            poll.cancel(false);
            emitter.complete();
        });
        emitter.onError(e -> poll.cancel(false));
        return emitter;
    }

    private void send(SseEmitter emitter, String sessionId, AtomicLong after, boolean owner) {
        try {
            for (Map<String, Object> row : jdbc.queryForList(turnsSql, sessionId, (int) after.get())) {
                long seq = ((Number) row.get("seq")).longValue();
                Map<String, Object> turn = new LinkedHashMap<>();
                turn.put("turnId", row.get("id").toString());
                turn.put("seq", seq);
                turn.put("role", row.get("role"));
                turn.put("agent", row.get("agent"));
                String text = (String) row.get("text");
                turn.put("text", owner ? pseudonymizer.reidentify(sessionId, text) : text);
                turn.put("createdAt", row.get("created_at").toString());
                emitter.send(SseEmitter.event().id(Long.toString(seq)).name("turn").data(turn,
                        MediaType.APPLICATION_JSON));
                after.set(seq);
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away: the emitter's completion stops this poll
            emitter.completeWithError(e);
        }
    }

    @PreDestroy
    void stop() {
        pollers.shutdownNow();
    }
}
