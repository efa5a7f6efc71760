package com.misybot.hub.agents.trends;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** PostgreSQL side of the trend scanner: signals (trend_signal), source states, trends (generated_artifact). */
@Component
public class TrendStore {

    static final String AGENT = "trend-scanner";
    static final String KIND = "trend";

    /**
     * A signal of the window with its vector (its title's embedding: duplicates, examples, a trend's centroid) and
     * the vector topics are found with (the title after clustering.topic-prefix; the vector when there is none).
     */
    public record Row(UUID id, String title, String url, String platform, Instant publishedAt, long mentions,
                      long engagements, long impressions, float[] vector, float[] topicVector, UUID trendId) {
    }

    /** Where clustering put a signal. */
    public record Assignment(UUID id, UUID trendId, UUID duplicateOf) {
    }

    public record SourceState(String sourceId, Instant lastPolledAt, String polledBy, String lastStatus,
                              String lastError, int lastItems, long polls) {
    }

    /** A trend as stored: its artifact id, status and content. */
    public record Stored(UUID id, String status, ObjectNode content, Instant createdAt, Instant updatedAt) {
    }

    /** Counts of a trend's signals within a window (and platform). */
    public record Stats(int size, long mentions, Instant firstSeen, Instant lastSeen, Map<String, Long> platforms) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public TrendStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Stores new signals; one already read from the same source (same item key) only takes the newest counts (a
     * trending endpoint reports running totals). Returns how many were new.
     */
    public int insert(List<Signal> signals) {
        if (signals.isEmpty()) {
            return 0;
        }
        Map<String, Signal> unique = new LinkedHashMap<>();
        for (Signal s : signals) {
            unique.put(s.sourceId() + "\u0000" + s.itemKey(), s);
        }
        List<Signal> rows = new ArrayList<>(unique.values());
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] sources = new String[n];
        String[] keys = new String[n];
        String[] platforms = new String[n];
        String[] titles = new String[n];
        String[] urls = new String[n];
        String[] published = new String[n];
        Long[] mentions = new Long[n];
        Long[] engagements = new Long[n];
        Long[] impressions = new Long[n];
        for (int i = 0; i < n; i++) {
            Signal s = rows.get(i);
            ids[i] = UUID.randomUUID();
            sources[i] = s.sourceId();
            keys[i] = s.itemKey();
            platforms[i] = s.platform();
            titles[i] = s.title();
            urls[i] = s.url();
            published[i] = s.publishedAt().toString();
            mentions[i] = s.mentions();
            engagements[i] = s.engagements();
            impressions[i] = s.impressions();
        }
        List<Boolean> inserted = jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO trend_signal (id, source_id, item_key, platform, title, url, published_at, mentions,
                                              engagements, impressions)
                    SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[],
                                         ?::timestamptz[], ?::bigint[], ?::bigint[], ?::bigint[])
                    ON CONFLICT (source_id, item_key) DO UPDATE
                       SET mentions = EXCLUDED.mentions, engagements = EXCLUDED.engagements,
                           impressions = EXCLUDED.impressions, updated_at = now(), version = trend_signal.version + 1
                     WHERE (trend_signal.mentions, trend_signal.engagements, trend_signal.impressions)
                           IS DISTINCT FROM (EXCLUDED.mentions, EXCLUDED.engagements, EXCLUDED.impressions)
                    RETURNING (xmax = 0) AS inserted""");
            ps.setArray(1, con.createArrayOf("uuid", ids));
            ps.setArray(2, con.createArrayOf("varchar", sources));
            ps.setArray(3, con.createArrayOf("varchar", keys));
            ps.setArray(4, con.createArrayOf("varchar", platforms));
            ps.setArray(5, con.createArrayOf("text", titles));
            ps.setArray(6, con.createArrayOf("text", urls));
            ps.setArray(7, con.createArrayOf("timestamptz", published));
            ps.setArray(8, con.createArrayOf("bigint", mentions));
            ps.setArray(9, con.createArrayOf("bigint", engagements));
            ps.setArray(10, con.createArrayOf("bigint", impressions));
            return ps;
        }, (rs, i) -> rs.getBoolean(1));
        return (int) inserted.stream().filter(Boolean::booleanValue).count();
    }

    /** Titles of signals not embedded yet, oldest first. */
    public List<Map.Entry<UUID, String>> unembedded(int limit) {
        return jdbc.query("SELECT id, title FROM trend_signal WHERE embedding IS NULL ORDER BY created_at LIMIT ?",
                (rs, i) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)), limit);
    }

    /**
     * Stores the embeddings of signals: {@code topicVectors} is null when there is no topic prefix (the signal's
     * own vector is clustered then).
     */
    public void embedded(List<UUID> ids, List<float[]> vectors, List<float[]> topicVectors, String model,
                         String topicPrefix) {
        jdbc.batchUpdate("UPDATE trend_signal SET embedding = ?, topic_embedding = ?, model = ?, topic_prefix = ?, "
                        + "updated_at = now() WHERE id = ?",
                new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        // a title the model finds nothing in gets an empty vector: never clustered, never retried
                        ps.setArray(1, ps.getConnection().createArrayOf("float4", boxed(vectors.get(i))));
                        ps.setArray(2, topicVectors == null ? null
                                : ps.getConnection().createArrayOf("float4", boxed(topicVectors.get(i))));
                        ps.setString(3, model);
                        ps.setString(4, topicPrefix);
                        ps.setObject(5, ids.get(i));
                    }

                    @Override
                    public int getBatchSize() {
                        return ids.size();
                    }
                });
    }

    private static Float[] boxed(float[] v) {
        Float[] boxed = new Float[v == null ? 0 : v.length];
        for (int j = 0; j < boxed.length; j++) {
            boxed[j] = v[j];
        }
        return boxed;
    }

    /** Embedded signals of {@code model} published since {@code since}, oldest first. */
    public List<Row> window(Instant since, String model) {
        return jdbc.query("""
                SELECT id, title, url, platform, published_at, mentions, engagements, impressions, embedding, trend_id,
                       topic_embedding
                  FROM trend_signal
                 WHERE published_at >= ? AND model = ? AND cardinality(embedding) > 0
                 ORDER BY published_at, id""", (rs, i) -> {
            float[] vector = vector(rs.getArray(9));
            Array topic = rs.getArray(11);
            float[] topicVector = topic == null ? vector : vector(topic);
            return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getTimestamp(5).toInstant(), rs.getLong(6), rs.getLong(7), rs.getLong(8), vector,
                    topicVector.length == vector.length ? topicVector : vector, rs.getObject(10, UUID.class));
        }, Timestamp.from(since), model);
    }

    private static float[] vector(Array array) throws SQLException {
        Float[] boxed = (Float[]) array.getArray();
        float[] v = new float[boxed.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = boxed[i];
        }
        return v;
    }

    public void assign(List<Assignment> assignments) {
        jdbc.batchUpdate("""
                UPDATE trend_signal SET trend_id = ?, duplicate_of = ?, updated_at = now(), version = version + 1
                 WHERE id = ? AND (trend_id, duplicate_of) IS DISTINCT FROM (?, ?)""",
                assignments, 1000, (ps, a) -> {
                    ps.setObject(1, a.trendId());
                    ps.setObject(2, a.duplicateOf());
                    ps.setObject(3, a.id());
                    ps.setObject(4, a.trendId());
                    ps.setObject(5, a.duplicateOf());
                });
    }

    /** True when a signal of the window embedded by {@code model} has not been clustered yet. */
    public boolean unclustered(Instant since, String model) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM trend_signal WHERE "
                + "trend_id IS NULL AND model = ? AND cardinality(embedding) > 0 AND published_at >= ?)",
                Boolean.class, model, Timestamp.from(since)));
    }

    /**
     * Signals embedded by another model or with another topic prefix (the hub's model or clustering.topic-prefix
     * changed) are embedded again and re-clustered.
     */
    public int forgetOtherModels(String model, String topicPrefix) {
        return jdbc.update("UPDATE trend_signal SET embedding = NULL, topic_embedding = NULL, model = NULL, "
                + "topic_prefix = NULL, trend_id = NULL, duplicate_of = NULL, updated_at = now(), version = version + 1 "
                + "WHERE model IS NOT NULL AND (model <> ? OR topic_prefix IS DISTINCT FROM ?)", model, topicPrefix);
    }

    /** The database's clock: every replica judges which sources are due by the same time. */
    public Instant now() {
        return jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant();
    }

    public int deleteOlderThan(Duration keep) {
        return jdbc.update("DELETE FROM trend_signal WHERE published_at < ?",
                Timestamp.from(Instant.now().minus(keep)));
    }

    public Map<String, SourceState> sourceStates() {
        Map<String, SourceState> states = new LinkedHashMap<>();
        jdbc.query("SELECT source_id, last_polled_at, polled_by, last_status, last_error, last_items, polls "
                + "FROM trend_source_state ORDER BY source_id", (ResultSet rs) -> {
                    states.put(rs.getString(1), new SourceState(rs.getString(1), rs.getTimestamp(2).toInstant(),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7)));
                });
        return states;
    }

    public void polled(String sourceId, String by, String status, String error, int items) {
        jdbc.update("""
                INSERT INTO trend_source_state (source_id, last_polled_at, polled_by, last_status, last_error,
                                                last_items, polls)
                VALUES (?, now(), ?, ?, ?, ?, 1)
                ON CONFLICT (source_id) DO UPDATE SET last_polled_at = now(), polled_by = EXCLUDED.polled_by,
                    last_status = EXCLUDED.last_status, last_error = EXCLUDED.last_error,
                    last_items = EXCLUDED.last_items, polls = trend_source_state.polls + 1, updated_at = now(),
                    version = trend_source_state.version + 1""", sourceId, by, status, error, items);
    }

    /** Trends with {@code status} (null: all), newest first. */
    public List<Stored> trends(String status) {
        return jdbc.query("SELECT id, status, content, created_at, updated_at FROM generated_artifact "
                + "WHERE kind = 'trend' AND agent = 'trend-scanner' AND deleted_at IS NULL "
                + "AND (CAST(? AS varchar) IS NULL OR status = ?) ORDER BY created_at DESC",
                (rs, i) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2), content(rs.getString(3)),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()), status, status);
    }

    public void saveTrend(UUID id, String status, ObjectNode content) {
        jdbc.update("""
                INSERT INTO generated_artifact (id, agent, kind, status, content) VALUES (?, ?, ?, ?, CAST(? AS jsonb))
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, content = EXCLUDED.content,
                    updated_at = now(), version = generated_artifact.version + 1""",
                id, AGENT, KIND, status, write(content));
    }

    public void fade(List<UUID> ids) {
        jdbc.batchUpdate("UPDATE generated_artifact SET status = 'faded', updated_at = now(), version = version + 1 "
                + "WHERE id = ? AND status <> 'faded'", ids, 500, (ps, id) -> ps.setObject(1, id));
    }

    /** An agent_event_log row of the trend scanner ({@code trend.scored}, {@code trend.clustered}). */
    public void event(String type, Map<String, Object> payload) {
        jdbc.update("INSERT INTO agent_event_log (agent, event_type, actor_id, payload) VALUES (?, ?, ?, "
                + "CAST(? AS jsonb))", AGENT, type, "agent:" + AGENT, write(payload));
    }

    public Optional<Instant> lastClustered() {
        return Optional.ofNullable(jdbc.queryForObject("SELECT max(created_at) FROM agent_event_log "
                + "WHERE event_type = 'trend.clustered'", Timestamp.class)).map(Timestamp::toInstant);
    }

    /** Counts of each trend's signals published since {@code since} (on {@code platform} when given). */
    public Map<UUID, Stats> stats(List<UUID> trendIds, Instant since, String platform) {
        Map<UUID, Stats> stats = new LinkedHashMap<>();
        if (trendIds.isEmpty()) {
            return stats;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT trend_id, platform, count(*) FILTER (WHERE duplicate_of IS NULL), sum(mentions),
                           min(published_at), max(published_at)
                      FROM trend_signal
                     WHERE trend_id = ANY (?) AND published_at >= ? AND (CAST(? AS varchar) IS NULL OR platform = ?)
                     GROUP BY trend_id, platform""");
            ps.setArray(1, con.createArrayOf("uuid", trendIds.toArray()));
            ps.setTimestamp(2, Timestamp.from(since));
            ps.setString(3, platform);
            ps.setString(4, platform);
            return ps;
        }, (ResultSet rs) -> {
            UUID id = rs.getObject(1, UUID.class);
            Stats old = stats.get(id);
            Map<String, Long> platforms = old == null ? new LinkedHashMap<>() : old.platforms();
            platforms.put(rs.getString(2), rs.getLong(4));
            Instant first = rs.getTimestamp(5).toInstant();
            Instant last = rs.getTimestamp(6).toInstant();
            stats.put(id, old == null ? new Stats(rs.getInt(3), rs.getLong(4), first, last, platforms)
                    : new Stats(old.size() + rs.getInt(3), old.mentions() + rs.getLong(4),
                    first.isBefore(old.firstSeen()) ? first : old.firstSeen(),
                    last.isAfter(old.lastSeen()) ? last : old.lastSeen(), platforms));
        });
        return stats;
    }

    private ObjectNode content(String text) {
        try {
            return (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A trend's content is not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
