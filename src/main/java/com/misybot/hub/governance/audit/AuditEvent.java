package com.misybot.hub.governance.audit;

import java.util.Map;

/**
 * One audited action: who (a user id, an API key id or {@code system}, never a name or an address), with which
 * role, did what ({@code user.create}, {@code dlq.replay}, ...) to which target, with details that carry no raw
 * personal data.
 */
public record AuditEvent(String actor, String role, String action, String target, Map<String, Object> details) {

    public AuditEvent {
        details = details == null ? Map.of() : details;
    }

    /** Roles from the most to the least privileged: a record names the caller's highest. */
    private static final java.util.List<String> RANKED = java.util.List.of("superadmin", "operator", "auditor", "user");

    /** An action of caller {@code actor} holding {@code roles}; the record names the highest of them. */
    public static AuditEvent by(String actor, java.util.Collection<String> roles, String action, String target,
                                Map<String, Object> details) {
        String role = RANKED.stream().filter(roles::contains).findFirst()
                .orElse(roles.isEmpty() ? null : roles.iterator().next());
        return new AuditEvent(actor, role, action, target, details);
    }

    /** An action of the hub itself (a background route), not of a person. */
    public static AuditEvent system(String action, String target, Map<String, Object> details) {
        return new AuditEvent("system", null, action, target, details);
    }
}
