package com.misybot.hub.governance.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.governance.crypto.Keysets;
import com.misybot.hub.platform.HubProperties;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit chain, its MAC keys, the signed checkpoints outside the database and the verifier. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    AuditMacKeys auditMacKeys(Keysets keysets) {
        return new AuditMacKeys(keysets);
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc, TransactionTemplate tx, AuditMacKeys keys, Clock clock, ObjectMapper mapper) {
        return new AuditLog(jdbc, tx, keys, clock, mapper);
    }

    @Bean
    AuditCheckpoints auditCheckpoints(AuditProperties audit, HubProperties hub, AuditLog log) {
        String dataDir = hub.embedded().dataDir();
        Path file = blank(audit.checkpointFile()) ? Path.of(dataDir, "audit-checkpoints.jsonl")
                : Path.of(audit.checkpointFile());
        Path key = blank(audit.signingKeyFile()) ? Path.of(dataDir, "audit-signing-key.json")
                : Path.of(audit.signingKeyFile());
        return new AuditCheckpoints(file, log.chainId(), AuditCheckpoints.signingKeys(audit.signingKeyset(), key));
    }

    @Bean
    AuditVerifier auditVerifier(DataSource dataSource, AuditMacKeys keys, AuditCheckpoints checkpoints) {
        return new AuditVerifier(dataSource, keys, checkpoints);
    }

    @Bean
    AuditCheckpointer auditCheckpointer(AuditLog log, AuditCheckpoints checkpoints, AuditProperties audit,
                                        Clock clock) {
        return new AuditCheckpointer(log, checkpoints, audit.checkpointEvery(), audit.checkpointInterval(), clock);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
