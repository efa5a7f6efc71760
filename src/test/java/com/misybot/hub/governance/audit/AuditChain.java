package com.misybot.hub.governance.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.governance.crypto.CryptoProperties;
import com.misybot.hub.governance.crypto.Keysets;
import com.misybot.hub.governance.crypto.MasterKeys;
import java.nio.file.Path;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit chain's parts wired by hand on a database of its own ({@code hub_test_audit}, emptied and migrated
 * anew), so tests and the benchmark may forge, delete and cut records without touching the hub's log.
 */
public final class AuditChain implements AutoCloseable {

    public final HikariDataSource dataSource;
    public final JdbcTemplate jdbc;
    public final AuditMacKeys keys;
    public final AuditLog log;
    public final AuditCheckpoints checkpoints;
    public final AuditVerifier verifier;

    /** A fresh schema on {@code url} with new keys; checkpoints go to {@code dir}. */
    public AuditChain(String url, Path dir) {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(System.getenv().getOrDefault("HUB_DB_USER", "hub"));
        dataSource.setPassword(System.getenv().getOrDefault("HUB_DB_PASSWORD", "hub"));
        dataSource.setMaximumPoolSize(4);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("DROP SCHEMA IF EXISTS public CASCADE");
        jdbc.execute("CREATE SCHEMA public");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Keysets keysets = new Keysets(jdbc, tx, MasterKeys.open(new CryptoProperties.Master("env", null,
                MasterKeys.newKeysetJson(), null), dir.toString()), "env");
        keys = new AuditMacKeys(keysets);
        log = new AuditLog(jdbc, tx, keys, Clock.systemUTC(), new ObjectMapper());
        checkpoints = new AuditCheckpoints(dir.resolve("checkpoints.jsonl"), log.chainId(),
                AuditCheckpoints.signingKeys(null, dir.resolve("signing-key.json")));
        verifier = new AuditVerifier(dataSource, keys, checkpoints);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Runs {@code sql} as the table owner would, with the append-only triggers off (what a DBA could do). */
    public void tamper(String sql, Object... args) {
        jdbc.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
        try {
            jdbc.update(sql, args);
        } finally {
            jdbc.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
        }
    }
}
