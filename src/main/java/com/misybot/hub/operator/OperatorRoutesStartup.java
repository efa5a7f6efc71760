package com.misybot.hub.operator;

import com.misybot.hub.platform.PostgresListener;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At CamelContext start (after Flyway, with the platform's Java routes and route configurations running): imports
 * the shipped files as versions, loads every unit's active version (one that does not load is marked failed and
 * logged; the hub still starts), then listens for the other replicas' changes.
 */
public class OperatorRoutesStartup implements CamelContextConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRoutesStartup.class);

    private final RouteFiles files;
    private final OperatorRouteRegistry registry;
    private final PostgresListener listener;

    public OperatorRoutesStartup(RouteFiles files, OperatorRouteRegistry registry, PostgresListener listener) {
        this.files = files;
        this.registry = registry;
        this.listener = listener;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        // operator routes are loaded once the context runs: see afterApplicationStart
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        try {
            files.importFiles();
        } catch (RuntimeException e) {
            LOG.error("Importing the operator route files failed; the stored active versions are loaded", e);
        }
        registry.reconcile(true);
        listener.start();
    }
}
