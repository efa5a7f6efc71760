package com.misybot.hub.operator;

import com.misybot.hub.platform.PostgresListener;

import com.misybot.hub.operator.validation.RouteValidator;
import com.misybot.hub.governance.audit.AuditLog;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The operator route registry and what it needs: the request gate, the swap, the watch, files and replicas. */
@Configuration
@EnableConfigurationProperties(OperatorRoutesProperties.class)
public class OperatorRoutesConfiguration {

    /** Operator HTTP routes live under this prefix (hub policy); requests to it are gated even before one serves. */
    static final String EXT_PREFIX = "/api/v1/ext/";

    @Bean
    OperatorRequestGate operatorRequestGate() {
        return new OperatorRequestGate(Set.of(EXT_PREFIX));
    }

    /** After Spring Security: only authenticated, authorized requests wait for a swap. */
    @Bean
    FilterRegistrationBean<OperatorRequestGate> operatorRequestGateRegistration(OperatorRequestGate gate) {
        FilterRegistrationBean<OperatorRequestGate> registration = new FilterRegistrationBean<>(gate);
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    RouteSwap routeSwap(CamelContext camel, OperatorRequestGate gate, OperatorRoutesProperties properties,
                        ObjectProvider<CamelRequestHandlerMapping> mappings) {
        return new RouteSwap(camel, gate, properties, new PlatformHttpMappings(mappings));
    }

    @Bean
    RouteWatch routeWatch(CamelContext camel, RouteSwap swap, OperatorRoutesProperties properties, Clock clock,
                          ObjectProvider<OperatorRouteRegistry> registry) {
        return new RouteWatch(camel, swap, properties, clock, registry);
    }

    @Bean
    OperatorRouteRegistry operatorRouteRegistry(RouteValidator validator, RouteVersionStore store, RouteSwap swap,
                                                AuditLog audit, RouteWatch watch) {
        return new OperatorRouteRegistry(validator, store, swap, audit, watch);
    }

    @Bean
    RouteFiles routeFiles(OperatorRoutesProperties properties, RouteValidator validator, RouteVersionStore store,
                          OperatorRouteRegistry registry, AuditLog audit) {
        return new RouteFiles(properties, validator, store, registry, audit);
    }

    @Bean
    PostgresListener routeChangeListener(DataSource dataSource, OperatorRoutesProperties properties,
                                         OperatorRouteRegistry registry) {
        return new PostgresListener(dataSource, properties.notifyChannel(), "operator-route-listen",
                () -> registry.reconcile(false));
    }

    @Bean
    OperatorRoutesStartup operatorRoutesStartup(RouteFiles files, OperatorRouteRegistry registry,
                                                @org.springframework.beans.factory.annotation.Qualifier("routeChangeListener")
                                                PostgresListener listener) {
        return new OperatorRoutesStartup(files, registry, listener);
    }
}
