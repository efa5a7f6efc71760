package com.misybot.hub.pipelines.policy;

import com.misybot.hub.platform.SqlFiles;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The versions of the policies in PostgreSQL (table policy_version): the truth every replica's gate converges on.
 * Writes run under one advisory lock for all policies ({@link #locked}), so numbering, the one-active-version rule
 * and the check that no two active policies define the same rule hold across replicas.
 */
public class PolicyVersionStore {

    private static final String LOCK = SqlFiles.load("policy-version-lock.sql");
    private static final String INSERT = SqlFiles.load("policy-version-insert.sql");
    private static final String SELECT = SqlFiles.load("policy-version-select.sql");
    private static final String LIST = SqlFiles.load("policy-version-list.sql");
    private static final String LATEST = SqlFiles.load("policy-version-latest.sql");
    private static final String FIND_SHA = SqlFiles.load("policy-version-find-sha.sql");
    private static final String ALL_ACTIVE = SqlFiles.load("policy-version-all-active.sql");
    private static final String ACTIVE_IDS = SqlFiles.load("policy-version-active-ids.sql");
    private static final String POLICIES = SqlFiles.load("policy-version-policies.sql");
    private static final String RETIRE_ACTIVE = SqlFiles.load("policy-version-retire-active.sql");
    private static final String ACTIVATE = SqlFiles.load("policy-version-activate.sql");
    private static final String NOTIFY = SqlFiles.load("notify.sql");

    /** A policy as listed: its active version (null when none) and its latest version number. */
    public record Policy(String policyId, Integer activeVersion, int latestVersion) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final String channel;

    public PolicyVersionStore(JdbcTemplate jdbc, TransactionTemplate tx, String channel) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.channel = channel;
    }

    /** Runs {@code work} in one transaction holding the policies' lock. */
    public <T> T locked(Supplier<T> work) {
        return tx.execute(s -> {
            jdbc.queryForList(LOCK);
            return work.get();
        });
    }

    /** Stores a candidate version (call inside {@link #locked}). */
    PolicyVersion insert(String policyId, String sha256, String yaml, List<String> ruleIds, String author,
                         String source) {
        Integer version = jdbc.queryForObject(INSERT, Integer.class, policyId, sha256, yaml,
                SqlFiles.textArray(ruleIds), author, source, policyId);
        return find(policyId, version).orElseThrow();
    }

    /**
     * Makes {@code version} the policy's only active version and tells the other replicas (call inside
     * {@link #locked}; they hear it when the transaction commits).
     */
    void activate(String policyId, int version, String by) {
        jdbc.update(RETIRE_ACTIVE, policyId);
        jdbc.update(ACTIVATE, by, policyId, version);
        jdbc.queryForList(NOTIFY, channel, policyId);
    }

    /** The policy no longer judges: its active version becomes retired (call inside {@link #locked}). */
    void retire(String policyId) {
        jdbc.update(RETIRE_ACTIVE, policyId);
        jdbc.queryForList(NOTIFY, channel, policyId);
    }

    public Optional<PolicyVersion> find(String policyId, int version) {
        return one(SELECT, policyId, version);
    }

    public Optional<PolicyVersion> latest(String policyId) {
        return one(LATEST, policyId);
    }

    /** The newest version of the policy with this text. */
    public Optional<PolicyVersion> withSha(String policyId, String sha256) {
        return one(FIND_SHA, policyId, sha256);
    }

    public List<PolicyVersion> list(String policyId) {
        return jdbc.query(LIST, ROW, policyId);
    }

    public List<PolicyVersion> allActive() {
        return jdbc.query(ALL_ACTIVE, ROW);
    }

    /** Policy id → active version number. */
    public Map<String, Integer> activeVersions() {
        Map<String, Integer> active = new HashMap<>();
        jdbc.query(ACTIVE_IDS, rs -> {
            active.put(rs.getString("policy_id"), rs.getInt("version"));
        });
        return active;
    }

    public List<Policy> policies() {
        return jdbc.query(POLICIES, (rs, i) -> new Policy(rs.getString("policy_id"),
                (Integer) rs.getObject("active_version"), rs.getInt("latest_version")));
    }

    private Optional<PolicyVersion> one(String sql, Object... args) {
        return jdbc.query(sql, ROW, args).stream().findFirst();
    }

    private static final RowMapper<PolicyVersion> ROW = (rs, i) -> map(rs);

    private static PolicyVersion map(ResultSet rs) throws SQLException {
        Timestamp activated = rs.getTimestamp("activated_at");
        return new PolicyVersion(rs.getString("policy_id"), rs.getInt("version"), rs.getString("sha256"),
                rs.getString("yaml"), strings(rs.getArray("rule_ids")), rs.getString("author"),
                rs.getString("status"), rs.getString("source"), rs.getString("activated_by"),
                activated == null ? null : activated.toInstant(), rs.getTimestamp("created_at").toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
