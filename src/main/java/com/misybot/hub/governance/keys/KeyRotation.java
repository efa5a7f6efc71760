package com.misybot.hub.governance.keys;

import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.governance.audit.AuditMacKeys;
import com.misybot.hub.governance.crypto.SecretCipher;
import com.misybot.hub.governance.crypto.SecretColumns;
import com.misybot.hub.governance.security.SigningKeys;
import com.misybot.hub.platform.HubProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Key rotation without downtime: a new primary data key (old ones keep decrypting; route {@code key-maintenance}
 * re-encrypts the rows and then disables them), a new JWT signing key published before it signs (old keys verify
 * until their last token expires), and a new audit MAC key (old ones verify old records forever).
 */
@Component
public class KeyRotation {

    /** What a rotation did. */
    public record Rotated(Long dataKeyId, String jwtKid, Long auditKeyId) {
    }

    /** Keys as operators see them. */
    public record Status(Map<String, Object> data, Map<String, Object> jwt, Map<String, Object> audit) {
    }

    /** Time for every replica to see a new JWT key before it signs (several key-maintenance periods). */
    static final Duration PUBLISH_DELAY = Duration.ofSeconds(5);
    /** Clock skew allowed on top of the access token lifetime before an old JWT key is retired. */
    static final Duration SKEW = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher cipher;
    private final SecretColumns columns;
    private final SigningKeys signingKeys;
    private final AuditMacKeys auditKeys;
    private final AuditLog audit;
    private final KeyMaintenance maintenance;
    private final Duration tokenTtl;

    public KeyRotation(JdbcTemplate jdbc, TransactionTemplate tx, SecretCipher cipher, SecretColumns columns,
                       SigningKeys signingKeys, AuditMacKeys auditKeys, AuditLog audit, KeyMaintenance maintenance,
                       HubProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cipher = cipher;
        this.columns = columns;
        this.signingKeys = signingKeys;
        this.auditKeys = auditKeys;
        this.audit = audit;
        this.maintenance = maintenance;
        this.tokenTtl = properties.security().jwt().accessTokenTtl();
    }

    /** Rotates the keys named in {@code which} ({@code data}, {@code jwt}, {@code audit}) and records it. */
    public Rotated rotate(List<String> which, String actor, String role) {
        Long data = which.contains("data") ? cipher.rotate() : null;
        String kid = null;
        if (which.contains("jwt")) {
            kid = SigningKeys.rotate(jdbc, tx, cipher, PUBLISH_DELAY, tokenTtl.plus(SKEW));
            signingKeys.refresh();
        }
        Long auditKey = which.contains("audit") ? auditKeys.rotate() : null;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keys", which);
        if (data != null) {
            details.put("dataKeyId", data);
        }
        if (kid != null) {
            details.put("jwtKid", kid);
        }
        if (auditKey != null) {
            details.put("auditKeyId", auditKey);
        }
        audit.append(new AuditEvent(actor, role, "keys.rotate", String.join(",", which), details));
        return new Rotated(data, kid, auditKey);
    }

    public Status status() {
        Map<Long, Long> rows = columns.rowsByKey();
        List<Map<String, Object>> dataKeys = new ArrayList<>();
        for (SecretCipher.KeyInfo key : cipher.keys()) {
            dataKeys.add(Map.of("id", key.id(), "status", key.status(), "primary", key.primary(),
                    "rows", rows.getOrDefault(key.id(), 0L)));
        }
        List<Map<String, Object>> jwtKeys = jdbc.query("SELECT kid, activate_after, retire_after, retired_at FROM "
                + "jwt_signing_key ORDER BY created_at DESC LIMIT 20", (rs, i) -> {
                    Map<String, Object> key = new LinkedHashMap<>();
                    key.put("kid", rs.getString(1));
                    key.put("activateAfter", rs.getObject(2, java.time.OffsetDateTime.class).toInstant());
                    key.put("retireAfter", instant(rs.getObject(3, java.time.OffsetDateTime.class)));
                    key.put("retiredAt", instant(rs.getObject(4, java.time.OffsetDateTime.class)));
                    return key;
                });
        return new Status(Map.of("primary", cipher.primaryKeyId(), "pendingRows", maintenance.pendingRows(),
                "keys", dataKeys), Map.of("signing", signingKeys.current().getKeyID(), "keys", jwtKeys),
                Map.of("primary", auditKeys.primary()));
    }

    private static java.time.Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
