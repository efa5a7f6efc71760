package com.misybot.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.keys.KeyRotation;
import com.misybot.hub.platform.web.Caller;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/** Superadmin operations on keys: see them, rotate them. */
@Service("keyAdmin")
public class KeyAdmin {

    private final KeyRotation rotation;

    public KeyAdmin(KeyRotation rotation) {
        this.rotation = rotation;
    }

    public KeyRotation.Status status() {
        return rotation.status();
    }

    public KeyRotation.Rotated rotate(@Variable("json") JsonNode request, @Variable("caller") Caller caller) {
        List<String> keys = new ArrayList<>();
        request.path("keys").forEach(k -> keys.add(k.asText()));
        if (keys.isEmpty()) {
            keys.addAll(List.of("data", "jwt", "audit"));
        }
        AuditEvent who = AuditEvent.by(caller.id(), caller.roles(), "keys.rotate", null, null);
        return rotation.rotate(keys, who.actor(), who.role());
    }
}
