package com.misybot.hub.agents.frontdesk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * front-desk's active sessions: which agent each session was last talking to, for {@code ttl} after its last
 * message. In Redis ({@code hub:frontdesk:session:<id>}, shared by replicas) when hub.cache.store=redis, else in this
 * JVM. Used to keep a conversation with its agent: "make it shorter" after a script goes back to video-scriptor.
 */
public class ActiveSessions {

    private static final String KEY = "hub:frontdesk:session:";

    /** What front-desk remembers of a session. */
    public record ActiveSession(String lastAgent, long lastSeenMillis) {
    }

    private final StringRedisTemplate redis;
    private final ObjectMapper json;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<String, ActiveSession> local;

    /** {@code redis} null = in this JVM. */
    public ActiveSessions(StringRedisTemplate redis, ObjectMapper json, Duration ttl, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.ttl = ttl;
        this.clock = clock;
        this.local = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    public ActiveSession get(String sessionId) {
        if (redis == null) {
            return local.getIfPresent(sessionId);
        }
        String value = redis.opsForValue().get(KEY + sessionId);
        try {
            return value == null ? null : json.readValue(value, ActiveSession.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public void talkedTo(String sessionId, String agent) {
        ActiveSession session = new ActiveSession(agent, clock.millis());
        if (redis == null) {
            local.put(sessionId, session);
            return;
        }
        try {
            redis.opsForValue().set(KEY + sessionId, json.writeValueAsString(session), ttl);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
