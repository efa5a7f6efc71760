package com.misybot.hub.governance.keys;

import com.misybot.hub.governance.audit.AuditCheckpointer;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Background routes of key management and the audit chain, on every replica: {@code key-maintenance}
 * (re-encryption after a rotation, disabling unused keys, retiring JWT keys, re-reading keys other replicas
 * changed) and {@code audit-checkpoint} (signing the chain's head outside the database).
 */
@Component
public class KeyMaintenanceRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:key-maintenance?delay=1000&period={{hub.crypto.reencrypt.interval-millis:1000}}")
                .routeId("key-maintenance")
                .bean(KeyMaintenance.class, "run");

        from("timer:audit-checkpoint?delay=1000&period={{hub.audit.checkpoint-poll-millis:1000}}")
                .routeId("audit-checkpoint")
                .bean(AuditCheckpointer.class, "checkpointIfDue");
    }
}
