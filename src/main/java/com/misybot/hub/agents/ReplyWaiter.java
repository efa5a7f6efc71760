package com.misybot.hub.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.memory.ContextCommands;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.platform.SqlFiles;
import com.misybot.hub.platform.Wakeups;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code POST /sessions/{id}/messages?wait=N}: after the user turn is stored, waits up to N seconds (≤ 30) for the
 * agent's reply turn and answers 200 with it; a task the agent could not do answers its problem (429, 502, 503);
 * no reply in time is the usual 202. The reply is read from PostgreSQL, so it may come from any replica: read again
 * when its commit is announced ({@link Wakeups} kind {@code reply}), and every {@value #POLL_MILLIS} ms in case an
 * announcement was lost.
 */
@Component("replyWaiter")
public class ReplyWaiter {

    public static final String STATUS = "replyStatus";
    private static final int MAX_WAIT_SECONDS = 30;
    private static final long POLL_MILLIS = 500;
    private final long pollNanos;

    /** One agent reply. */
    public record Reply(String turnId, String agent, String text, Instant createdAt) {
    }

    /** Answer of POST ...?wait=N when the reply came in time. */
    public record Replied(String sessionId, String turnId, String correlationId, Reply reply) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String replySql = SqlFiles.load("agent-reply-select.sql");
    private final String failureSql = SqlFiles.load("agent-failure-select.sql");

    /** The requests waiting, by the id of their user turn: released when that turn's answer is announced. */
    private final java.util.Map<String, java.util.concurrent.Semaphore> waiting =
            new java.util.concurrent.ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public ReplyWaiter(JdbcTemplate jdbc, ObjectMapper json, Wakeups wakeups) {
        this(jdbc, json, wakeups, Duration.ofMillis(POLL_MILLIS));
    }

    /** {@code poll}: how often the reply is read again when no announcement came. */
    public ReplyWaiter(JdbcTemplate jdbc, ObjectMapper json, Wakeups wakeups, Duration poll) {
        this.jdbc = jdbc;
        this.json = json;
        this.pollNanos = poll.toNanos();
        wakeups.subscribe("reply", this::replied);
    }

    private void replied(String turnId) {
        java.util.concurrent.Semaphore waiter = waiting.get(turnId.toLowerCase(java.util.Locale.ROOT));
        if (waiter != null) {
            waiter.release();
        }
    }

    /** Before anything is stored: the wait parameter is 0..30 or the request is refused (400). */
    public void checkWait(@Variable("wait") String wait, Exchange exchange) {
        exchange.setVariable("waitSeconds", seconds(wait));
    }

    public Object await(ContextCommands.Accepted accepted, @Variable("waitSeconds") int seconds, Exchange exchange)
            throws InterruptedException {
        exchange.setVariable(STATUS, 202);
        if (seconds <= 0) {
            return accepted;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        String key = accepted.turnId().toLowerCase(java.util.Locale.ROOT);
        // registered before the first read: an answer committed after that read is announced to this waiter
        java.util.concurrent.Semaphore announced = new java.util.concurrent.Semaphore(0);
        waiting.put(key, announced);
        try {
            while (true) {
                List<Reply> replies = jdbc.query(replySql, (rs, i) -> new Reply(rs.getString("id"),
                        rs.getString("agent"), rs.getString("text"), rs.getTimestamp("created_at",
                                java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"))).toInstant()),
                        accepted.turnId());
                if (!replies.isEmpty()) {
                    failure(accepted);
                    exchange.setVariable(STATUS, 200);
                    return new Replied(accepted.sessionId(), accepted.turnId(), accepted.correlationId(),
                            replies.get(0));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                announced.tryAcquire(Math.min(left, pollNanos), java.util.concurrent.TimeUnit.NANOSECONDS);
                announced.drainPermits();
            }
        } finally {
            waiting.remove(key, announced);
        }
        return accepted;
    }

    /** A failed task answers its problem rather than the apology turn. */
    private void failure(ContextCommands.Accepted accepted) {
        List<String> failures = jdbc.queryForList(failureSql, String.class, accepted.sessionId(), accepted.turnId());
        if (failures.isEmpty()) {
            return;
        }
        try {
            JsonNode failure = json.readTree(failures.get(0));
            ProblemType type = ProblemType.forStatus(failure.path("status").asInt(503));
            Duration retryAfter = failure.hasNonNull("retryAfterSeconds")
                    ? Duration.ofSeconds(failure.get("retryAfterSeconds").asLong()) : null;
            throw new ProblemException(type, failure.path("detail").asText(), null, retryAfter);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int seconds(String wait) {
        if (wait == null || wait.isBlank()) {
            return 0;
        }
        try {
            int seconds = Integer.parseInt(wait.trim());
            if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // fall through to the problem
        }
        throw new ProblemException(ProblemType.BAD_REQUEST, "wait must be a whole number of seconds, 0.."
                + MAX_WAIT_SECONDS + ".");
    }
}
