package com.misybot.hub.saga;

import java.util.List;

/**
 * One recovery pass of the persistent saga service, run at start and then every {@code hub.saga.recovery-interval}
 * by route {@code saga-recovery}: renew this instance's leases, then claim (one replica at a time, SKIP LOCKED) and
 * finish sagas whose instance died, whose deadline passed or whose failed compensation is due for a retry.
 */
public class SagaRecovery {

    /** What a pass did, shown in the route's log and by tests. */
    public record Pass(int leasesRenewed, int claimed) {
    }

    private final PersistentSagaService service;
    private final SagaStore store;
    private final SagaProperties properties;

    public SagaRecovery(PersistentSagaService service, SagaStore store, SagaProperties properties) {
        this.service = service;
        this.store = store;
        this.properties = properties;
    }

    public Pass run() {
        if (!service.isStarted()) {
            // a claimed saga must be driven at once: nothing is claimed before the service can drive it
            return new Pass(0, 0);
        }
        int renewed = service.heartbeat();
        List<SagaStore.Claimed> claimed = store.claim(service.instanceId(), properties.lease(),
                properties.recoveryBatch());
        claimed.forEach(saga -> service.drive(saga.id()));
        return new Pass(renewed, claimed.size());
    }
}
