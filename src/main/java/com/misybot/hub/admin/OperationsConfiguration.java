package com.misybot.hub.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.bus.AgentActivity;
import com.misybot.hub.platform.OutboundUrlPolicy;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Alerts and the watchdog: {@code config/alerts.yaml}, its channels, and the watchdog's leadership. One replica
 * evaluates the rules: the one whose {@link LockRegistryLeaderInitiator} holds the {@code agent-watchdog} lock of
 * Spring Integration's {@link JdbcLockRegistry} in PostgreSQL ({@code int_lock}, V18); the lock expires
 * {@code hub.ops.watchdog.lock-ttl} after its holder stops refreshing it, and another replica takes over.
 */
@Configuration
public class OperationsConfiguration {

    static final String WATCHDOG_ROLE = "agent-watchdog";

    @Bean
    public AlertsConfig alertsConfig(ResourceLoader resources, Environment env,
                                     @Value("${hub.ops.alerts.file:classpath:config/alerts.yaml}") String file) {
        return AlertsConfig.load(resources, env, file);
    }

    @Bean
    public AlertChannels alertChannels(AlertsConfig config, ProducerTemplate camel, OperationsStream console,
                                       ObjectMapper json, OutboundUrlPolicy outbound) {
        return new AlertChannels(config, camel, console, json, outbound);
    }

    @Bean("alerts")
    public Alerts alerts(JdbcTemplate jdbc, AlertChannels channels, ObjectMapper json, AlertsConfig config) {
        return new Alerts(jdbc, channels, json, config.cooldown());
    }

    /**
     * Not closed by the context ({@code destroyMethod = ""}): its close deletes this process's lock rows, which
     * the leader initiator has already released when it stopped, and on the embedded default PostgreSQL may be
     * gone by then (the close then waited 30 s for a connection). A lock left behind expires after its TTL.
     */
    @Bean(destroyMethod = "")
    public DefaultLockRepository watchdogLockRepository(DataSource dataSource,
                                                        @Value("${hub.ops.watchdog.lock-ttl:PT10S}") java.time.Duration ttl) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource);
        repository.setTimeToLive((int) ttl.toMillis());
        return repository;
    }

    @Bean
    public JdbcLockRegistry watchdogLockRegistry(DefaultLockRepository watchdogLockRepository) {
        return new JdbcLockRegistry(watchdogLockRepository);
    }

    @Bean
    public LockRegistryLeaderInitiator watchdogLeader(JdbcLockRegistry watchdogLockRegistry, AlertsConfig config) {
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(watchdogLockRegistry,
                new DefaultCandidate(UUID.randomUUID().toString(), WATCHDOG_ROLE));
        // the lock is refreshed well within its time to live; a failed refresh drops leadership at once
        initiator.setHeartBeatMillis(2000);
        initiator.setBusyWaitMillis(1000);
        // a replica whose watchdog is off does not take the lock from one whose watchdog is on
        initiator.setAutoStartup(config.watchdogEnabled());
        return initiator;
    }

    @Bean("watchdog")
    public Watchdog watchdog(AlertsConfig config, AgentAdmin agents, AgentActivity activity, AgentControl control,
                             Alerts alerts, CamelContext camel, ProducerTemplate producer, JdbcTemplate jdbc,
                             ObjectMapper json, LockRegistryLeaderInitiator watchdogLeader) {
        return new Watchdog(config, agents, activity, control, alerts, camel, producer, jdbc, json,
                watchdogLeader::getContext);
    }
}
