package com.misybot.hub.support;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database of its own on the local PostgreSQL, created afresh with the hub's migrations: for tests whose subject
 * must not share tables with the hubs other test classes keep running (their outbox relays, for one).
 */
public final class ScratchDatabase {

    private ScratchDatabase() {
    }

    /** Drops {@code name} if it exists, creates it for user hub and migrates it; returns a data source on it. */
    public static DataSource create(String name) {
        JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", ""));
        admin.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin.execute("CREATE DATABASE " + name + " OWNER hub");
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:postgresql://127.0.0.1:5432/" + name, "hub", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
