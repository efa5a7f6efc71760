package com.misybot.hub.governance.keys;

import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.governance.audit.AuditMacKeys;
import com.misybot.hub.governance.crypto.CryptoProperties;
import com.misybot.hub.governance.crypto.SecretCipher;
import com.misybot.hub.governance.crypto.SecretColumns;
import com.misybot.hub.governance.security.SigningKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys' background work, one pass per tick of route {@code key-maintenance} on every replica: re-read keysets
 * and signing keys another replica changed, re-encrypt a batch of secrets still under an old key, disable an old
 * key once no row uses it (and the rotation is older than a grace period, so a replica that encrypted with it just
 * before seeing the rotation is caught by the next pass), and retire JWT keys whose last token has expired. All of
 * it is state in PostgreSQL: a crash resumes where the rows say.
 */
@Component
public class KeyMaintenance {

    /** How long after the last keyset change an unused old key may be disabled. */
    static final java.time.Duration DISABLE_GRACE = java.time.Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher cipher;
    private final SecretColumns columns;
    private final SigningKeys signingKeys;
    private final AuditMacKeys auditKeys;
    private final AuditLog audit;
    private final CryptoProperties crypto;
    private final AtomicLong primaryRows = new AtomicLong();
    private final AtomicLong pendingRows = new AtomicLong();
    private final Counter reencrypted;
    private volatile String signingFingerprint = "";

    public KeyMaintenance(JdbcTemplate jdbc, TransactionTemplate tx, SecretCipher cipher, SecretColumns columns,
                          SigningKeys signingKeys, AuditMacKeys auditKeys, AuditLog audit, CryptoProperties crypto,
                          MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.cipher = cipher;
        this.columns = columns;
        this.signingKeys = signingKeys;
        this.auditKeys = auditKeys;
        this.audit = audit;
        this.crypto = crypto;
        Gauge.builder("hub_secrets_rows", primaryRows, AtomicLong::get).tag("key", "primary")
                .description("Stored secrets encrypted with the primary data key").register(meters);
        Gauge.builder("hub_secrets_rows", pendingRows, AtomicLong::get).tag("key", "old")
                .description("Stored secrets still encrypted with an older data key (re-encryption pending)")
                .register(meters);
        this.reencrypted = Counter.builder("hub_secrets_reencrypted_total")
                .description("Secrets re-encrypted to the primary data key after a rotation").register(meters);
    }

    /** One maintenance pass; returns the rows re-encrypted. */
    public int run() {
        // reencryptBatch re-reads the data keyset first; the audit keys are re-read here
        auditKeys.reloadIfChanged();
        int done = columns.reencryptBatch(crypto.reencrypt().batchSize());
        reencrypted.increment(done);
        Map<Long, Long> rows = columns.rowsByKey();
        long primary = cipher.primaryKeyId();
        long old = rows.entrySet().stream().filter(e -> e.getKey() != primary).mapToLong(Map.Entry::getValue).sum();
        primaryRows.set(rows.getOrDefault(primary, 0L));
        pendingRows.set(old);
        if (old == 0 && hasEnabledOldKey()) {
            disableUnusedKeys();
        }
        if (SigningKeys.retireExpired(jdbc) > 0) {
            audit.append(AuditEvent.system("keys.jwt.retire", "jwt_signing_key", Map.of()));
        }
        refreshSigningKeysIfChanged();
        return done;
    }

    /** Re-reads the signing keys when the active set changed (a rotation or retirement on any replica). */
    public void refreshSigningKeysIfChanged() {
        String fingerprint = jdbc.queryForObject("SELECT coalesce(string_agg(kid || ':' || version, ',' ORDER BY kid), "
                + "'') FROM jwt_signing_key WHERE retired_at IS NULL", String.class);
        if (!fingerprint.equals(signingFingerprint)) {
            signingKeys.refresh();
            signingFingerprint = fingerprint;
        }
    }

    public long pendingRows() {
        return pendingRows.get();
    }

    private boolean hasEnabledOldKey() {
        return cipher.keys().stream().anyMatch(k -> !k.primary() && "ENABLED".equals(k.status()));
    }

    private void disableUnusedKeys() {
        tx.executeWithoutResult(status -> {
            // one replica at a time, and only once the last rotation has had time to reach every replica
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext('crypto_keyset_disable'))",
                    Boolean.class);
            Boolean settled = jdbc.queryForObject("SELECT updated_at < now() - make_interval(secs => ?) "
                    + "FROM crypto_keyset WHERE name = ?", Boolean.class,
                    (double) DISABLE_GRACE.toSeconds(), SecretCipher.KEYSET);
            if (!Boolean.TRUE.equals(locked) || !Boolean.TRUE.equals(settled)) {
                return;
            }
            List<Long> disabled = cipher.disableUnused(columns.rowsByKey().keySet());
            if (!disabled.isEmpty()) {
                audit.append(AuditEvent.system("keys.data.disable", "crypto_keyset:" + SecretCipher.KEYSET,
                        Map.of("keyIds", disabled)));
            }
        });
    }
}
