package com.misybot.hub.bus;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A message on the agent bus (schema {@code config/schemas/envelope.v1.json}). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Envelope(String messageId, String type, int schemaVersion, String agent, String sessionId,
                       String correlationId, String causationId, int priority, String createdAt,
                       Map<String, Object> payload) {

    /** Default priority of a message that names none (0 lowest .. 9 highest). */
    public static final int DEFAULT_PRIORITY = 4;

    /** A new envelope with a fresh messageId and the current time. */
    public static Envelope create(String type, String agent, String sessionId, String correlationId,
                                  String causationId, int priority, Map<String, Object> payload) {
        return new Envelope(UUID.randomUUID().toString(), type, 1, agent, sessionId, correlationId, causationId,
                priority, Instant.now().toString(), payload);
    }
}
