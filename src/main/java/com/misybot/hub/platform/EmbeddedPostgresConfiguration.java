package com.misybot.hub.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Embedded default: a real PostgreSQL server (zonky binaries shipped in a Maven jar) whose data directory lives
 * under {@code hub.embedded.data-dir}, so sessions survive restarts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.embedded.postgres.enabled", havingValue = "true")
public class EmbeddedPostgresConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(HubProperties properties) throws IOException {
        Path dataDir = Path.of(properties.embedded().dataDir(), "postgres").toAbsolutePath();
        Files.createDirectories(dataDir.getParent());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(properties.embedded().postgres().port())
                .setPGStartupWait(Duration.ofSeconds(30))
                .start();
        LOG.info("Embedded PostgreSQL listening on 127.0.0.1:{} with data in {}", pg.getPort(), dataDir);
        return pg;
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setPoolName("hub-embedded");
        return new HikariDataSource(config);
    }
}
