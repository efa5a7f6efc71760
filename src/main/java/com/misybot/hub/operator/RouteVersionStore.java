package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.RouteSource;
import com.misybot.hub.platform.SqlFiles;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versions of operator YAML in PostgreSQL (table route_version): the truth every replica converges on. Every
 * write of a unit takes the unit's advisory lock, so numbering and the one-active-version rule hold across replicas.
 */
@Repository
public class RouteVersionStore {

    private static final String INSERT = SqlFiles.load("route-version-insert.sql");
    private static final String LOCK = SqlFiles.load("route-version-lock.sql");
    private static final String SELECT = SqlFiles.load("route-version-select.sql");
    private static final String LIST = SqlFiles.load("route-version-list.sql");
    private static final String LATEST = SqlFiles.load("route-version-latest.sql");
    private static final String ACTIVE = SqlFiles.load("route-version-active.sql");
    private static final String PREVIOUS = SqlFiles.load("route-version-previous.sql");
    private static final String ALL_ACTIVE = SqlFiles.load("route-version-all-active.sql");
    private static final String UNITS = SqlFiles.load("route-version-units.sql");
    private static final String OWNER = SqlFiles.load("route-version-owner.sql");
    private static final String RETIRE_ACTIVE = SqlFiles.load("route-version-retire-active.sql");
    private static final String ACTIVATE = SqlFiles.load("route-version-activate.sql");
    private static final String FAIL = SqlFiles.load("route-version-fail.sql");
    private static final String NOTIFY = SqlFiles.load("notify.sql");
    private static final String HAS_SHA = SqlFiles.load("route-version-has-sha.sql");
    private static final String LATEST_ALL = SqlFiles.load("route-version-latest-all.sql");

    /** A stored version with why it failed, if it did. */
    public record Stored(RouteVersion version, String error) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String channel;

    public RouteVersionStore(JdbcTemplate jdbc, TransactionTemplate tx, OperatorRoutesProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.channel = properties.notifyChannel();
    }

    /**
     * Stores {@code source} as the unit's next version with {@code status}, unless the unit's latest version has
     * the same text: then that one is returned and nothing is written.
     */
    public RouteVersion store(RouteSource source, String author, String origin, RouteVersion.Status status) {
        return tx.execute(s -> {
            lock(source.unitId());
            Optional<RouteVersion> latest = one(LATEST, source.unitId());
            if (latest.isPresent() && latest.get().sha256().equals(source.sha256())) {
                return latest.get();
            }
            if (status == RouteVersion.Status.ACTIVE) {
                jdbc.update(RETIRE_ACTIVE, source.unitId());
            }
            Integer version = jdbc.queryForObject(INSERT, Integer.class, source.unitId(), source.sha256(),
                    source.yaml(), SqlFiles.textArray(source.routeIds()), SqlFiles.textArray(source.templateIds()), author, name(status),
                    origin, source.unitId());
            if (status == RouteVersion.Status.ACTIVE) {
                jdbc.update(ACTIVATE, source.unitId(), version);
                jdbc.queryForList(NOTIFY, channel, source.unitId());
            }
            return one(SELECT, source.unitId(), version).orElseThrow();
        });
    }

    /** Makes {@code version} the unit's only active version and tells the other replicas, in one transaction. */
    public void activate(String unit, int version) {
        tx.executeWithoutResult(s -> {
            lock(unit);
            jdbc.update(RETIRE_ACTIVE, unit);
            jdbc.update(ACTIVATE, unit, version);
            jdbc.queryForList(NOTIFY, channel, unit);
        });
    }

    /** The unit no longer serves: its active version becomes retired, and the other replicas are told. */
    public void retire(String unit) {
        tx.executeWithoutResult(s -> {
            lock(unit);
            jdbc.update(RETIRE_ACTIVE, unit);
            jdbc.queryForList(NOTIFY, channel, unit);
        });
    }

    /** {@code version} could not serve; when it was the active one, the unit has no active version left. */
    public void fail(String unit, int version, String error) {
        tx.executeWithoutResult(s -> {
            lock(unit);
            jdbc.update(FAIL, error, unit, version);
            jdbc.queryForList(NOTIFY, channel, unit);
        });
    }

    /** Whether some version of {@code unit} already has this text. */
    public boolean has(String unit, String sha256) {
        Long n = jdbc.queryForObject(HAS_SHA, Long.class, unit, sha256);
        return n != null && n > 0;
    }

    public Optional<RouteVersion> find(String unit, int version) {
        return one(SELECT, unit, version);
    }

    public Optional<Stored> stored(String unit, int version) {
        List<Stored> rows = jdbc.query(SELECT, (rs, i) -> new Stored(map(rs), rs.getString("error")), unit, version);
        return rows.stream().findFirst();
    }

    public List<Stored> list(String unit) {
        return jdbc.query(LIST, (rs, i) -> new Stored(map(rs), rs.getString("error")), unit);
    }

    public Optional<RouteVersion> latest(String unit) {
        return one(LATEST, unit);
    }

    public Optional<RouteVersion> active(String unit) {
        return one(ACTIVE, unit);
    }

    public Optional<RouteVersion> previous(String unit) {
        return one(PREVIOUS, unit);
    }

    public List<RouteVersion> allActive() {
        return jdbc.query(ALL_ACTIVE, ROW);
    }

    public List<RouteVersion> units() {
        return jdbc.query(UNITS, ROW);
    }

    /** The latest version number of every unit. */
    public java.util.Map<String, Integer> latestVersions() {
        java.util.Map<String, Integer> latest = new java.util.HashMap<>();
        jdbc.query(LATEST_ALL, rs -> {
            latest.put(rs.getString("route_id"), rs.getInt("latest"));
        });
        return latest;
    }

    /** The unit that defines {@code routeId} (or is called so). */
    public Optional<String> unitOf(String routeId) {
        return jdbc.queryForList(OWNER, String.class, routeId, routeId, routeId, routeId).stream().findFirst();
    }

    private void lock(String unit) {
        jdbc.queryForList(LOCK, unit);
    }

    private Optional<RouteVersion> one(String sql, Object... args) {
        return jdbc.query(sql, ROW, args).stream().findFirst();
    }

    static String name(RouteVersion.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static final RowMapper<RouteVersion> ROW = (rs, i) -> map(rs);

    private static RouteVersion map(ResultSet rs) throws SQLException {
        Timestamp activated = rs.getTimestamp("activated_at");
        return new RouteVersion(rs.getString("route_id"), rs.getInt("version"), rs.getString("sha256"),
                strings(rs.getArray("route_ids")), strings(rs.getArray("template_ids")), rs.getString("author"),
                RouteVersion.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("source"),
                rs.getTimestamp("created_at").toInstant(), activated == null ? null : activated.toInstant(),
                rs.getString("yaml"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
