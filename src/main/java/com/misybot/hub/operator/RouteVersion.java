package com.misybot.hub.operator;

import java.time.Instant;
import java.util.List;

/** One stored version of a unit of operator YAML (table route_version). */
public record RouteVersion(String routeId, int version, String sha256, List<String> routeIds,
                           List<String> templateIds, String author, Status status, String source,
                           Instant createdAt, Instant activatedAt, String yaml) {

    /** candidate: stored, never served; active: serving; retired: served before; failed: could not serve. */
    public enum Status { CANDIDATE, ACTIVE, RETIRED, FAILED }
}
