package com.misybot.hub.governance.security;

import java.util.Set;

/** The hub's roles; Spring authorities are {@code ROLE_<role>}. */
public final class Roles {

    public static final String SUPERADMIN = "superadmin";
    public static final String OPERATOR = "operator";
    public static final String AUDITOR = "auditor";
    public static final String USER = "user";

    public static final Set<String> ALL = Set.of(SUPERADMIN, OPERATOR, AUDITOR, USER);

    private Roles() {
    }
}
