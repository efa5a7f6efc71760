package com.misybot.hub.saga;

import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * One recovery pass of the persistent saga service, run at start and then every {@code hub.saga.recovery-interval}
 * by route {@code saga-recovery}: renew this instance's leases, then claim (one replica at a time, SKIP LOCKED) and
 * finish sagas whose instance died, whose deadline passed or whose failed compensation is due for a retry.
 * Nothing is claimed before the application is ready: the steps' compensation routes are operator YAML, loaded after
 * the CamelContext started, and a saga claimed before they run could only fail its compensations.
 */
public class SagaRecovery implements ApplicationListener<ApplicationReadyEvent> {

    /** What a pass did, shown in the route's log and by tests. */
    public record Pass(int leasesRenewed, int claimed) {
    }

    private final PersistentSagaService service;
    private final SagaStore store;
    private final SagaProperties properties;
    private volatile boolean open;

    public SagaRecovery(PersistentSagaService service, SagaStore store, SagaProperties properties) {
        this.service = service;
        this.store = store;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        open();
    }

    /** From now on passes claim sagas (the hub's routes, operator YAML included, are loaded). */
    public void open() {
        open = true;
    }

    public Pass run() {
        if (!service.isStarted()) {
            // a claimed saga must be driven at once: nothing is claimed before the service can drive it
            return new Pass(0, 0);
        }
        int renewed = service.heartbeat();
        if (!open) {
            return new Pass(renewed, 0);
        }
        List<SagaStore.Claimed> claimed = store.claim(service.instanceId(), properties.lease(),
                properties.recoveryBatch());
        claimed.forEach(saga -> service.drive(saga.id()));
        return new Pass(renewed, claimed.size());
    }
}
