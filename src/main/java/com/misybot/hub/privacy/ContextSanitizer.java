package com.misybot.hub.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.platform.web.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Automatic sanitization (9.3.3): stored context that holds raw text where its session's level forbids it — turns
 * stored before pseudonymization existed or while the session was {@code none}, then the level (or the configured
 * default) changed; an operator's edit of a bundle's summary, variables or decisions — is pseudonymized, its
 * embedding redone, and the event raised to operators: an audit record {@code pii.sanitized}, the counter
 * {@code hub.privacy.sanitized} and a WARN line (types and counts, never values). A session that became
 * {@code anonymized} loses its vault mappings. Every replica may run the sweep: each turn is rewritten at most once.
 */
@Component("contextSanitizer")
public class ContextSanitizer {

    private static final Logger LOG = LoggerFactory.getLogger(ContextSanitizer.class);

    private static final String PENDING = """
            SELECT t.id, t.session_id, t.text, b.owner_id, COALESCE(b.anonymization_level, ?) AS level
              FROM context_turn t
              JOIN context_bundle b ON b.id = t.bundle_id
             WHERE t.role = 'user'
               AND (t.pii_level IS NULL OR t.pii_level = 'none')
               AND COALESCE(b.anonymization_level, ?) <> 'none'
               AND t.deleted_at IS NULL
               AND b.deleted_at IS NULL
               AND (CAST(? AS varchar) IS NULL OR t.session_id = ?)
             ORDER BY t.created_at
             LIMIT ?""";

    private final Pseudonymizer pseudonymizer;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final int batch;

    public ContextSanitizer(Pseudonymizer pseudonymizer, JdbcTemplate jdbc, AuditLog audit, MeterRegistry meters,
                            PrivacyProperties properties) {
        this.pseudonymizer = pseudonymizer;
        this.jdbc = jdbc;
        this.audit = audit;
        this.meters = meters;
        this.batch = properties.pseudonymization().sanitizeBatch();
    }

    /**
     * One pass over every session ({@code sessionId} null: the timer) or over one session (its level just
     * changed); the sessions whose stored context changed (their cached bundles are stale).
     */
    public List<String> sweep(@org.apache.camel.Variable("sessionId") String only) {
        String dflt = pseudonymizer.defaultLevel().id();
        Map<String, Map<String, Integer>> bySession = new LinkedHashMap<>();
        Map<String, Integer> turnsBySession = new LinkedHashMap<>();
        for (Map<String, Object> row : jdbc.queryForList(PENDING, dflt, dflt, only, only, batch)) {
            String sessionId = (String) row.get("session_id");
            Pseudonymizer.Outcome outcome = pseudonymizer.pseudonymize(sessionId, (String) row.get("owner_id"),
                    Pseudonymizer.Level.of((String) row.get("level")), (String) row.get("text"));
            boolean changed = !outcome.replaced().isEmpty();
            // a changed text is embedded again (the stored vector document holds the text)
            int updated = jdbc.update("UPDATE context_turn SET text = ?, pii_level = ?, updated_at = now(), "
                    + "version = version + 1, embedded_at = CASE WHEN ? THEN NULL ELSE embedded_at END "
                    + "WHERE id = ? AND (pii_level IS NULL OR pii_level = 'none')", outcome.text(),
                    outcome.level().id(), changed, row.get("id"));
            if (changed && updated == 1) {
                outcome.replaced().forEach((type, n) -> bySession.computeIfAbsent(sessionId, s -> new TreeMap<>())
                        .merge(type, n, Integer::sum));
                turnsBySession.merge(sessionId, 1, Integer::sum);
            }
        }
        bySession.forEach((sessionId, found) -> raise(sessionId, "stored turns", turnsBySession.get(sessionId),
                found));
        List<String> dropped = jdbc.queryForList("WITH d AS (DELETE FROM pii_token t USING context_bundle b "
                + "WHERE b.session_id = t.session_id AND b.anonymization_level = 'anonymized' "
                + "AND (CAST(? AS varchar) IS NULL OR t.session_id = ?) "
                + "RETURNING t.session_id) SELECT DISTINCT session_id FROM d", String.class, only, only);
        for (String sessionId : dropped) {
            pseudonymizer.forget(sessionId);
            audit.append(AuditEvent.system("pii.mapping.dropped", sessionId, Map.of("reason",
                    "the session is anonymized: no re-identification mapping is kept")));
        }
        if (only == null) {
            int oldKeys = pseudonymizer.deleteOldHashKeys();
            if (oldKeys > 0) {
                LOG.info("Deleted {} one-way surrogate key(s) of past periods", oldKeys);
            }
        }
        return new ArrayList<>(bySession.keySet());
    }

    /**
     * Route step before an edit of a bundle is stored (PUT .../context): string values of {@code summary},
     * {@code variables} and {@code decisions} in variable {@code json} are pseudonymized per the session's level
     * (the requested one when the edit changes it); a replacement is raised like the sweep's.
     */
    public void contextEdit(Exchange exchange) {
        String sessionId = exchange.getVariable("sessionId", String.class);
        ObjectNode json = ((ObjectNode) exchange.getVariable("json", JsonNode.class)).deepCopy();
        Pseudonymizer.Session session = pseudonymizer.session(sessionId, null);
        if (session.owner() == null) {
            return; // the update answers 404
        }
        Pseudonymizer.Level level = json.hasNonNull("anonymizationLevel")
                ? Pseudonymizer.Level.of(json.get("anonymizationLevel").asText()) : session.level();
        if (level == Pseudonymizer.Level.NONE) {
            return;
        }
        Map<String, Integer> found = new TreeMap<>();
        for (String field : List.of("summary", "variables", "decisions")) {
            if (json.has(field)) {
                json.set(field, sanitize(json.get(field), sessionId, session.owner(), level, found));
            }
        }
        if (!found.isEmpty()) {
            exchange.setVariable("json", json);
            Caller caller = exchange.getVariable("caller", Caller.class);
            raise(sessionId, "an edit by " + caller.id(), 1, found);
        }
    }

    private JsonNode sanitize(JsonNode node, String sessionId, String owner, Pseudonymizer.Level level,
                              Map<String, Integer> found) {
        if (node.isTextual()) {
            Pseudonymizer.Outcome outcome = pseudonymizer.pseudonymize(sessionId, owner, level, node.asText());
            outcome.replaced().forEach((type, n) -> found.merge(type, n, Integer::sum));
            return outcome.replaced().isEmpty() ? node : TextNode.valueOf(outcome.text());
        }
        if (node.isArray()) {
            ArrayNode out = ((ArrayNode) node).arrayNode();
            node.forEach(item -> out.add(sanitize(item, sessionId, owner, level, found)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.set(f.getKey(), sanitize(f.getValue(), sessionId, owner, level, found));
            }
            return out;
        }
        return node;
    }

    private void raise(String sessionId, String what, int items, Map<String, Integer> found) {
        found.forEach((type, n) -> meters.counter("hub.privacy.sanitized", "type", type).increment(n));
        LOG.warn("Sanitized {} of session {}: {} held personal data its level forbids ({})", what, sessionId, items,
                found);
        audit.append(AuditEvent.system("pii.sanitized", sessionId, Map.of("source", what, "items", items,
                "entities", found)));
    }
}
