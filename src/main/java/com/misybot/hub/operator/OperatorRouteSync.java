package com.misybot.hub.operator;

import org.springframework.stereotype.Component;

/** One pass of route operator-route-sync: edited files first (development only), then the database's truth. */
@Component("operatorRouteSync")
public class OperatorRouteSync {

    private final OperatorRouteRegistry registry;
    private final RouteFiles files;
    private final boolean reload;

    public OperatorRouteSync(OperatorRouteRegistry registry, RouteFiles files, OperatorRoutesProperties properties) {
        this.registry = registry;
        this.files = files;
        this.reload = properties.reload();
    }

    public void sync() {
        if (reload) {
            files.reloadEdited();
        }
        registry.reconcile(false);
    }
}
