package com.misybot.hub.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * Context bundles for the routes: SQL parameters, views from rows and cache entries, the access rule and the
 * optimistic version check. Plain Java apart from parameter annotations.
 */
@Component("contextBundles")
public class ContextBundles {

    private final ObjectMapper mapper;
    private final ContextCodec codec;
    /** The level of a session that set none (hub.privacy.pseudonymization.default-level). */
    private final String defaultLevel;

    public ContextBundles(ObjectMapper mapper, ContextCodec codec,
                          @org.springframework.beans.factory.annotation.Value(
                                  "${hub.privacy.pseudonymization.default-level:pseudonymized}") String defaultLevel) {
        this.mapper = mapper;
        this.codec = codec;
        this.defaultLevel = defaultLevel;
    }

    /** A session's context: what GET /sessions/{id}/context answers and what the cache holds. */
    public record BundleView(String sessionId, String ownerId, String summary, JsonNode variables,
                             JsonNode decisions, String anonymizationLevel, long version, int turnCount,
                             Instant updatedAt) {
    }

    /** Parameters of the bundle SELECT (and a check of the session id before it becomes a cache key). */
    public Map<String, Object> select(@Variable("sessionId") String sessionId) {
        return Map.of("sessionId", ContextCommands.checkSessionId(sessionId));
    }

    /** The bundle row as a view; 404 when there is no such session. */
    public BundleView fromRow(@Header("bundleRow") Map<String, Object> row) {
        if (row == null) {
            throw new SessionNotFoundException(SessionNotFoundException.DETAIL);
        }
        return view(row);
    }

    public BundleView view(Map<String, Object> row) {
        return new BundleView((String) row.get("session_id"), (String) row.get("owner_id"), (String) row.get("summary"),
                json((String) row.get("variables")), json((String) row.get("decisions")),
                row.get("anonymization_level") == null ? defaultLevel : (String) row.get("anonymization_level"),
                ((Number) row.get("version")).longValue(),
                ((Number) row.get("turn_count")).intValue(), ContextCommands.instant(row.get("updated_at")));
    }

    /** The bytes stored in the cache. */
    public byte[] encode(@Body BundleView view) {
        try {
            return codec.encode(mapper.writeValueAsString(view));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Context bundle not serializable", e);
        }
    }

    public BundleView decode(@Body byte[] stored) {
        try {
            return mapper.readValue(codec.decode(stored), BundleView.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt cached context bundle", e);
        }
    }

    /** The view if the caller may see it: owner, operator or superadmin; anyone else gets the same 404 as for none. */
    public BundleView readable(@Body BundleView view, @Variable("caller") Caller caller) {
        if (caller == null || (!view.ownerId().equals(caller.id()) && !caller.isPrivileged())) {
            throw new SessionNotFoundException(SessionNotFoundException.DETAIL);
        }
        return view;
    }

    /** Parameters of the UPDATE; 404 for a foreign session, 409 when the request is based on another version. */
    public Map<String, Object> update(@Body BundleView current, @Variable("json") JsonNode request,
                                      @Variable("caller") Caller caller) {
        readable(current, caller);
        long expected = request.path("version").asLong();
        if (expected != current.version()) {
            throw conflict(current.sessionId(), expected, current.version());
        }
        Map<String, Object> params = new HashMap<>();
        params.put("sessionId", current.sessionId());
        params.put("expectedVersion", expected);
        params.put("updatedBy", caller.id());
        params.put("summary", request.hasNonNull("summary") ? request.get("summary").asText() : null);
        params.put("variables", request.has("variables") ? request.get("variables").toString() : null);
        params.put("decisions", request.has("decisions") ? request.get("decisions").toString() : null);
        params.put("anonymizationLevel", request.hasNonNull("anonymizationLevel")
                ? request.get("anonymizationLevel").asText() : null);
        return params;
    }

    /** The UPDATE matched no row although the version checked out: a turn was appended meanwhile. */
    public void changedMeanwhile(@Header("bundleRow") Map<String, Object> row, @Variable("json") JsonNode request) {
        BundleView current = fromRow(row);
        throw conflict(current.sessionId(), request.path("version").asLong(), current.version());
    }

    public BundleView updated(@Header("updatedRow") Map<String, Object> row) {
        return view(row);
    }

    private static ProblemException conflict(String sessionId, long expected, long current) {
        return new ProblemException(ProblemType.CONFLICT, "The context of session " + sessionId + " is at version "
                + current + ", not " + expected + ": read it again, reapply the change and send version " + current
                + ".");
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored context is not JSON", e);
        }
    }
}
