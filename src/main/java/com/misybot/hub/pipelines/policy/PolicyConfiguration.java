package com.misybot.hub.pipelines.policy;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.memory.vector.RelevanceCalibration;
import com.misybot.hub.platform.PostgresListener;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code policyRegistry} bean: at start the policy files are imported as versions (PostgreSQL) and the active
 * versions compiled into the gate; a broken file or version stops the start. Then it follows the other replicas'
 * changes (LISTEN on {@code hub.policies.notify-channel}, and route policy-sync every {@code sync-interval}).
 */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    @Bean
    PolicyVersionStore policyVersionStore(JdbcTemplate jdbc, TransactionTemplate tx,
                                          @Value("${hub.policies.notify-channel:hub_policy_change}") String channel) {
        return new PolicyVersionStore(jdbc, tx, channel);
    }

    @Bean
    PolicyRegistry policyRegistry(ResourceLoader resources, PolicyVersionStore store, AuditLog audit,
                                  @Value("${hub.policies.dir:classpath:config/policies}") String policies,
                                  @Value("${hub.policies.platforms:classpath:config/platforms.yaml}") String platforms,
                                  @Value("${hub.policies.review-confidence:0.5}") double reviewConfidence,
                                  @Value("${hub.policies.block-confidence:0.6}") double blockConfidence,
                                  EmbeddingService embeddings, RelevanceCalibration calibration) {
        ResourcePatternResolver resolver = ResourcePatternUtils.getResourcePatternResolver(resources);
        PolicyRegistry registry = new PolicyRegistry(store, audit, PolicyFiles.platforms(resolver, platforms),
                SemanticPolicy.Factory.of(embeddings, calibration, blockConfidence, reviewConfidence));
        registry.start(PolicyFiles.read(resolver, policies));
        return registry;
    }

    @Bean
    PostgresListener policyChangeListener(DataSource dataSource, PolicyRegistry registry,
                                          @Value("${hub.policies.notify-channel:hub_policy_change}") String channel) {
        PostgresListener listener = new PostgresListener(dataSource, channel, "policy-listen", registry::reconcile);
        listener.start();
        return listener;
    }
}
