package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.RouteValidationException;
import java.util.List;
import java.util.Optional;

/**
 * The only way an operator route changes while the hub runs. {@code routeId} everywhere accepts the unit id or the
 * id of any route the unit defines. {@code author} is who asked (a user name, or {@code system:<job>} for the
 * hub's own changes such as an experiment's promotion); every change is written to the audit log.
 */
public interface RouteRegistry {

    /** Validates and stores a new candidate version (the same text as the latest version is not stored twice). */
    RouteVersion submit(String yaml, String author, java.util.Set<String> roles, String source)
            throws RouteValidationException;

    /** Makes a version serve, without failing a request; rolled back to the previous one if it does not start. */
    RouteVersion activate(String routeId, int version, String author);

    /** Back to the version active before the current one, or to {@code version} when given. */
    RouteVersion rollback(String routeId, Integer version, String author);

    /** Stops and removes the unit's routes (its versions stay, retired). */
    void retire(String routeId, String author);

    List<RouteVersion> versions(String routeId);

    Optional<RouteVersion> active(String routeId);

    /** Every unit with its active (or latest) version. */
    List<RouteVersion> units();
}
