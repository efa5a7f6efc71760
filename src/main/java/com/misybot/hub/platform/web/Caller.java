package com.misybot.hub.platform.web;

import java.util.Set;

/** The authenticated caller of a request: a user (JWT subject) or a service (API key), with its roles. */
public record Caller(String id, String name, Set<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Operators and superadmins may read any session. */
    public boolean isPrivileged() {
        return hasRole("operator") || hasRole("superadmin");
    }
}
