package com.misybot.hub.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.misybot.hub.governance.crypto.Keysets;
import com.misybot.hub.governance.crypto.SubjectKeys;
import com.misybot.hub.platform.web.Caller;
import com.misybot.hub.privacy.pii.PiiAnalyzer;
import com.misybot.hub.privacy.pii.PiiEntity;
import com.misybot.hub.privacy.pii.PiiReplacement;
import com.misybot.hub.privacy.pii.Surrogates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pseudonymization at ingress (SEC-2): a user's text is stored, put on the bus, embedded and sent to an LLM only
 * after the PII found in it is replaced by typed surrogates, per the session's anonymization level.
 * <ul>
 * <li>{@code pseudonymized} (default): {@code ⟦PERSON_1⟧}, numbered per session and type, the same value the same
 * surrogate. The token vault ({@code pii_token}) maps each surrogate to its value encrypted with Tink deterministic
 * AEAD (AES-SIV) under the session owner's key ({@link SubjectKeys}), associated data the session; the owner reads
 * the text re-identified ({@link #reidentify}).</li>
 * <li>{@code anonymized}: {@code ⟦PERSON_3fa9c0d12e⟧}, 5 bytes of a keyed HMAC (Tink PRF, HMAC-SHA256) under a key
 * of the current period ({@code hub.privacy.pseudonymization.hash-key-period}); no mapping is kept, and once the
 * period's key is deleted nobody can tell which value made a surrogate.</li>
 * <li>{@code none}: stored as written.</li>
 * </ul>
 */
@Component("pseudonymizer")
public class Pseudonymizer {

    static {
        try {
            PrfConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Keysets of the one-way surrogates: {@code pii-hash-<period number>}. */
    static final String HASH_KEYSET = "pii-hash-";

    /** How much personal data a session's stored context may hold. */
    public enum Level {
        NONE, PSEUDONYMIZED, ANONYMIZED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Level of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** The text as stored, the level it was stored under, and how many values of each type it replaced. */
    public record Outcome(String text, Level level, Map<String, Integer> replaced) {
    }

    private record HashKey(long period, PrfSet prf) {
    }

    private final PiiAnalyzer analyzer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SubjectKeys subjectKeys;
    private final Keysets keysets;
    private final MeterRegistry meters;
    private final Timer timer;
    private final Level defaultLevel;
    private final long hashPeriodSeconds;
    private final Clock clock;
    private volatile HashKey hashKey;
    /** The period whose older hash keys were last deleted here. */
    private volatile long prunedPeriod = -1;
    /** Surrogates already given, by session and ciphertext (never changed once given). */
    private final com.github.benmanes.caffeine.cache.Cache<String, String> known =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(100_000)
                    .expireAfterAccess(java.time.Duration.ofMinutes(30)).build();

    public Pseudonymizer(PiiAnalyzer analyzer, JdbcTemplate jdbc, TransactionTemplate tx, SubjectKeys subjectKeys,
                         Keysets keysets, MeterRegistry meters, PrivacyProperties properties) {
        this.analyzer = analyzer;
        this.jdbc = jdbc;
        this.tx = tx;
        this.subjectKeys = subjectKeys;
        this.keysets = keysets;
        this.meters = meters;
        this.timer = Timer.builder("hub.privacy.pseudonymize").description("Detecting and replacing PII in a text "
                + "before it is stored").publishPercentiles(0.5, 0.99).register(meters);
        this.defaultLevel = Level.of(properties.pseudonymization().defaultLevel());
        this.hashPeriodSeconds = properties.pseudonymization().hashKeyPeriod().toSeconds();
        this.clock = Clock.systemUTC();
    }

    public Level defaultLevel() {
        return defaultLevel;
    }

    /** A session's level and owner ({@code caller} for a session that does not exist yet). */
    Session session(String sessionId, String caller) {
        List<Session> found = jdbc.query("SELECT anonymization_level, owner_id FROM context_bundle "
                + "WHERE session_id = ? AND deleted_at IS NULL", (rs, i) -> new Session(sessionId,
                        rs.getString(1) == null ? defaultLevel : Level.of(rs.getString(1)), rs.getString(2)),
                sessionId);
        return found.isEmpty() ? new Session(sessionId, defaultLevel, caller) : found.get(0);
    }

    /** A session's id, level and owner. */
    record Session(String id, Level level, String owner) {
    }

    /**
     * Route step before a user's message is stored: the {@code text} of variable {@code json} is replaced by its
     * pseudonymized form, variable {@code piiLevel} names the level it was stored under.
     */
    public void message(Exchange exchange) {
        Message message = message(exchange.getVariable("sessionId", String.class),
                exchange.getVariable("caller", Caller.class).id(), exchange.getVariable("json", JsonNode.class));
        if (message != null) {
            exchange.setVariable("json", message.json());
            exchange.setVariable("piiLevel", message.piiLevel());
        }
    }

    /** A user's message as it may be stored: its JSON with the text pseudonymized, and the level applied. */
    public record Message(JsonNode json, String piiLevel) {
    }

    /**
     * The message {@code json} that {@code caller} posts to session {@code sessionId}, its {@code text}
     * pseudonymized; null when the session is someone else's (the append answers 404 and nothing may be written
     * before).
     */
    public Message message(String sessionId, String caller, JsonNode json) {
        Session session = session(sessionId, caller);
        return session.owner().equals(caller) ? pseudonymized(session, json, "text") : null;
    }

    /** Route step before a pipeline's brief is stored: the {@code brief} of variable {@code json}, by its session. */
    public void brief(Exchange exchange) {
        JsonNode json = exchange.getVariable("json", JsonNode.class);
        // the vault key is the session owner's, whoever writes (an operator may start a pipeline in it)
        Session session = session(json.path("sessionId").asText(), exchange.getVariable("caller", Caller.class).id());
        Message message = pseudonymized(session, json, "brief");
        exchange.setVariable("json", message.json());
        exchange.setVariable("piiLevel", message.piiLevel());
    }

    /** {@code json} with its {@code field} pseudonymized for {@code session} (a copy when anything was replaced). */
    private Message pseudonymized(Session session, JsonNode json, String field) {
        Outcome outcome = pseudonymize(session.id(), session.owner(), session.level(), json.path(field).asText(null));
        if (outcome.replaced().isEmpty()) {
            return new Message(json, outcome.level().id());
        }
        ObjectNode copy = ((ObjectNode) json).deepCopy();
        copy.put(field, outcome.text());
        return new Message(copy, outcome.level().id());
    }

    /** {@code text} with its PII replaced as {@code level} says, for session {@code sessionId} of {@code owner}. */
    public Outcome pseudonymize(String sessionId, String owner, Level level, String text) {
        if (level == Level.NONE || text == null || text.isBlank()) {
            return new Outcome(text, level, Map.of());
        }
        long started = System.nanoTime();
        List<PiiEntity> entities = analyzer.analyze(text);
        if (entities.isEmpty()) {
            timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            return new Outcome(text, level, Map.of());
        }
        Map<String, Integer> replaced = new TreeMap<>();
        String out;
        if (level == Level.ANONYMIZED) {
            PrfSet prf = hashKey().prf();
            out = PiiReplacement.replace(text, entities, (e, value) -> {
                replaced.merge(e.type(), 1, Integer::sum);
                return hashed(prf, e.type(), value);
            });
        } else {
            Map<String, String> surrogates = vault(sessionId, owner, entities, text);
            out = PiiReplacement.replace(text, entities, (e, value) -> {
                replaced.merge(e.type(), 1, Integer::sum);
                return surrogates.get(plain(e.type(), value));
            });
        }
        replaced.forEach((type, n) -> meters.counter("hub.privacy.pseudonymized", "type", type, "level", level.id())
                .increment(n));
        timer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        return new Outcome(out, level, replaced);
    }

    /**
     * Every text with the session's numbered surrogates put back as their values (one query for all of them); a
     * surrogate whose subject key is gone (erased) or that the vault does not hold stays as it is.
     */
    public List<String> reidentify(String sessionId, List<String> texts) {
        List<String> surrogates = texts.stream().flatMap(t -> Surrogates.in(t).stream()).distinct().toList();
        if (surrogates.isEmpty()) {
            return texts;
        }
        Map<String, String> values = new HashMap<>();
        byte[] ad = ad(sessionId);
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT surrogate, owner_id, value_ct FROM pii_token "
                    + "WHERE session_id = ? AND surrogate = ANY(?)");
            ps.setString(1, sessionId);
            ps.setArray(2, con.createArrayOf("varchar", surrogates.toArray()));
            return ps;
        }, rs -> {
            DeterministicAead key = subjectKeys.find(rs.getString(2)).orElse(null);
            if (key != null) {
                try {
                    String plain = new String(key.decryptDeterministically(rs.getBytes(3), ad), StandardCharsets.UTF_8);
                    values.put(rs.getString(1), plain.substring(plain.indexOf('\u0000') + 1));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("A vault entry of session " + sessionId + " does not decrypt "
                            + "with its owner's key (tampered, or copied from another session)", e);
                }
            }
        });
        if (values.isEmpty()) {
            return texts;
        }
        List<String> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            String restored = text;
            if (text != null && text.indexOf('⟦') >= 0) {
                for (Map.Entry<String, String> v : values.entrySet()) {
                    restored = restored.replace(v.getKey(), v.getValue());
                }
            }
            out.add(restored);
        }
        return out;
    }

    public String reidentify(String sessionId, String text) {
        return reidentify(sessionId, java.util.Collections.singletonList(text)).get(0);
    }

    /** Deletes the one-way surrogate keys of past periods; returns how many. */
    public int deleteOldHashKeys() {
        long period = period();
        if (period == prunedPeriod) {
            return 0; // done for this period (on this replica)
        }
        String current = HASH_KEYSET + period;
        int deleted = 0;
        for (String name : keysets.names(HASH_KEYSET)) {
            if (!name.equals(current) && keysets.delete(name)) {
                deleted++;
            }
        }
        prunedPeriod = period;
        return deleted;
    }

    /**
     * The surrogate of every distinct value in {@code entities}, from the vault or new ones numbered after the
     * session's highest; one transaction, serialized per session by an advisory lock so two messages never give one
     * number to two values.
     */
    private Map<String, String> vault(String sessionId, String owner, List<PiiEntity> entities, String text) {
        DeterministicAead key = subjectKeys.forSubject(owner);
        byte[] ad = ad(sessionId);
        Map<String, String> typeOf = new LinkedHashMap<>();
        Map<String, byte[]> ciphertexts = new LinkedHashMap<>();
        for (PiiEntity e : entities) {
            String plain = plain(e.type(), text.substring(e.start(), e.end()));
            if (!ciphertexts.containsKey(plain)) {
                typeOf.put(plain, e.type());
                try {
                    ciphertexts.put(plain, key.encryptDeterministically(plain.getBytes(StandardCharsets.UTF_8), ad));
                } catch (GeneralSecurityException ex) {
                    throw new IllegalStateException("Cannot encrypt a vault entry", ex);
                }
            }
        }
        // a surrogate never changes once given, so the ones this replica saw need no query
        Map<String, String> surrogates = new HashMap<>();
        for (Map.Entry<String, byte[]> c : ciphertexts.entrySet()) {
            String cached = known.getIfPresent(knownKey(sessionId, c.getValue()));
            if (cached != null) {
                surrogates.put(c.getKey(), cached);
            }
        }
        if (surrogates.size() == ciphertexts.size()) {
            return surrogates;
        }
        Map<String, String> assigned = tx.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext('pii_token'), hashtext(?))", sessionId);
            // one round trip: the values the vault holds already, and how many surrogates each type has (rows are
            // only ever deleted with their whole session, so the count is the highest number)
            Map<ByteBuffer, String> held = new HashMap<>();
            Map<String, Integer> highest = new HashMap<>();
            String[] hex = ciphertexts.values().stream().map(ct -> "\\x" + HexFormat.of().formatHex(ct))
                    .toArray(String[]::new);
            jdbc.query(con -> {
                var ps = con.prepareStatement("SELECT surrogate, value_ct, NULL AS entity_type, 0 AS n FROM pii_token "
                        + "WHERE session_id = ? AND value_ct = ANY(CAST(? AS bytea[])) UNION ALL "
                        + "SELECT NULL, NULL, entity_type, count(*) FROM pii_token WHERE session_id = ? "
                        + "GROUP BY entity_type");
                ps.setString(1, sessionId);
                ps.setArray(2, con.createArrayOf("text", hex));
                ps.setString(3, sessionId);
                return ps;
            }, rs -> {
                if (rs.getString(1) != null) {
                    held.put(ByteBuffer.wrap(rs.getBytes(2)), rs.getString(1));
                } else {
                    highest.put(rs.getString(3), rs.getInt(4));
                }
            });
            Map<String, String> given = new HashMap<>();
            List<Object[]> inserts = new ArrayList<>();
            for (Map.Entry<String, byte[]> c : ciphertexts.entrySet()) {
                String surrogate = held.get(ByteBuffer.wrap(c.getValue()));
                if (surrogate == null) {
                    String type = typeOf.get(c.getKey());
                    surrogate = Surrogates.numbered(type, highest.merge(type, 1, Integer::sum));
                    inserts.add(new Object[] {sessionId, surrogate, owner, type, c.getValue()});
                }
                given.put(c.getKey(), surrogate);
            }
            if (!inserts.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO pii_token (session_id, surrogate, owner_id, entity_type, value_ct) "
                        + "VALUES (?, ?, ?, ?, ?)", inserts);
            }
            return given;
        });
        // remembered once the transaction committed (a rolled-back number may be given to another value)
        assigned.forEach((plain, surrogate) -> known.put(knownKey(sessionId, ciphertexts.get(plain)), surrogate));
        return assigned;
    }

    private static String knownKey(String sessionId, byte[] ciphertext) {
        return sessionId + '\u0000' + java.util.Base64.getEncoder().encodeToString(ciphertext);
    }

    /** Forgets the surrogates remembered for a session (its mappings were dropped or erased). */
    public void forget(String sessionId) {
        known.asMap().keySet().removeIf(k -> k.startsWith(sessionId + '\u0000'));
    }

    private static String plain(String type, String value) {
        return type + '\u0000' + value;
    }

    private static byte[] ad(String sessionId) {
        return ("pii_token|" + sessionId).getBytes(StandardCharsets.UTF_8);
    }

    private static String hashed(PrfSet prf, String type, String value) {
        try {
            byte[] mac = prf.computePrimary(plain(type, value).getBytes(StandardCharsets.UTF_8), 5);
            return Surrogates.hashed(type, HexFormat.of().formatHex(mac));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute a one-way surrogate", e);
        }
    }

    private long period() {
        return clock.instant().getEpochSecond() / hashPeriodSeconds;
    }

    private HashKey hashKey() {
        long period = period();
        HashKey key = hashKey;
        if (key == null || key.period() != period) {
            KeysetHandle handle = keysets.loadOrCreate(HASH_KEYSET + period, PredefinedPrfParameters.HMAC_SHA256_PRF)
                    .handle();
            try {
                key = new HashKey(period, handle.getPrimitive(RegistryConfiguration.get(), PrfSet.class));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The one-way surrogate keyset has no PRF key", e);
            }
            hashKey = key;
        }
        return key;
    }
}
