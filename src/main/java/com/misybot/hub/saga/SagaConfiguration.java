package com.misybot.hub.saga;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.saga.CamelSagaService;
import org.apache.camel.saga.InMemorySagaService;
import org.apache.camel.service.lra.LRASagaService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The one {@link CamelSagaService} the saga EIP finds, chosen by {@code hub.saga.mode}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaProperties.class)
public class SagaConfiguration {

    @Bean
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
    PersistentSagaService persistentSagaService(SagaStore store, SagaProperties properties, SagaMetrics metrics,
                                                ObjectMapper json) {
        return new PersistentSagaService(store, properties, metrics, json);
    }

    /**
     * The persistent service starts with the CamelContext, before route saga-recovery's first pass. The saga EIP
     * would start it when a saga route is created, but those routes are operator YAML now, loaded only after the
     * context started: a pass before that claimed the dead instance's sagas and could not drive them.
     */
    @Bean
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
    CamelContextConfiguration persistentSagaServiceStart(PersistentSagaService service) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    camelContext.addService(service, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot add the persistent saga service", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // started with the context
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
    SagaRecovery sagaRecovery(PersistentSagaService service, SagaStore store, SagaProperties properties) {
        return new SagaRecovery(service, store, properties);
    }

    @Bean
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "persistent", matchIfMissing = true)
    SagaAdmin sagaAdmin(SagaStore store, PersistentSagaService control, NamedParameterJdbcTemplate jdbc,
                        ObjectMapper json, ProducerTemplate producer,
                        @Value("${hub.pipelines.viralization.timeout:PT1H}") Duration resumeTimeout,
                        com.misybot.hub.governance.audit.AuditLog auditLog,
                        org.springframework.beans.factory.ObjectProvider<SagaResumeEndpoints> resumeEndpoints) {
        return new SagaAdmin(store, control, jdbc, json, producer, resumeTimeout, auditLog,
                resumeEndpoints.getIfAvailable(() -> (name, id) -> null));
    }

    /** Camel's own in-memory service: sagas are lost on a crash (kept for comparison and benchmarks). */
    @Bean
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "memory")
    CamelSagaService inMemorySagaService() {
        return new InMemorySagaService();
    }

    /**
     * Mode lra: the coordinator calls Camel's participant routes back without credentials, so that path is open.
     * Camel runs only completion / compensation endpoints a saga of this hub registered, but anyone who can reach
     * the port could trigger them early: expose {@code /api/v1/lra-participant} to the coordinator only.
     */
    @Bean
    @Order(0)
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "lra")
    SecurityFilterChain lraParticipantChain(HttpSecurity http, SagaProperties properties) throws Exception {
        return http.securityMatcher("/api/v1" + properties.lra().localParticipantContextPath() + "/**")
                .csrf(csrf -> csrf.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /** A Narayana LRA coordinator keeps the sagas; it calls the steps' compensations back over HTTP. */
    @Bean
    @ConditionalOnProperty(name = "hub.saga.mode", havingValue = "lra")
    CamelSagaService lraSagaService(SagaProperties properties) {
        LRASagaService service = new LRASagaService();
        service.setCoordinatorUrl(properties.lra().coordinatorUrl());
        service.setCoordinatorContextPath(properties.lra().coordinatorContextPath());
        service.setLocalParticipantUrl(properties.lra().localParticipantUrl());
        service.setLocalParticipantContextPath(properties.lra().localParticipantContextPath());
        return service;
    }
}
