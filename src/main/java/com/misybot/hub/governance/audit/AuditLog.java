package com.misybot.hub.governance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only audit log ({@code audit_log}): each record is chained to the one before by an HMAC, appends are
 * serialized across replicas by a transaction advisory lock, and an append made inside an action's transaction
 * commits or rolls back with it (an action is never done without its record, nor recorded without being done).
 */
public class AuditLog {

    /** Advisory lock key of the chain (one chain per database). */
    static final long CHAIN_LOCK = 0x6175646974L;

    /** The head of the chain. */
    public record Head(long seq, String mac) {
    }

    /** A filter of {@link #find}; nulls match everything. */
    public record Query(Instant from, Instant to, String actor, String action, Long afterSeq, int limit) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditMacKeys keys;
    private final Clock clock;
    private final ObjectMapper mapper;

    public AuditLog(JdbcTemplate jdbc, TransactionTemplate tx, AuditMacKeys keys, Clock clock, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.keys = keys;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** Appends {@code event}, inside the caller's transaction when there is one; returns the stored record. */
    public AuditRecord append(AuditEvent event) {
        String details;
        try {
            details = mapper.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit details are not JSON: " + e.getOriginalMessage(), e);
        }
        return tx.execute(status -> {
            // lock the chain, then read its head and the details in jsonb's text form (V10 audit_chain_head)
            Object[] head = jdbc.queryForObject("SELECT head_seq, head_mac, details_text FROM audit_chain_head(?, ?::jsonb)",
                    (rs, i) -> new Object[] {rs.getObject(1), rs.getString(2), rs.getString(3)}, CHAIN_LOCK, details);
            long seq = head[0] == null ? 1 : ((Number) head[0]).longValue() + 1;
            String prev = head[1] == null ? AuditRecord.GENESIS : (String) head[1];
            long keyVersion = keys.primary();
            AuditRecord unsigned = new AuditRecord(seq, AuditRecord.truncate(clock.instant()), event.actor(),
                    event.role(), event.action(), event.target(), (String) head[2], keyVersion, prev, null);
            String mac = AuditRecord.hex(keys.mac(keyVersion, unsigned.macInput()));
            jdbc.update("INSERT INTO audit_log (seq, ts, actor, role, action, target, details, key_version, prev_mac, "
                    + "mac) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)", seq, unsigned.ts().atOffset(java.time.ZoneOffset.UTC),
                    event.actor(), event.role(), event.action(), event.target(), unsigned.details(), keyVersion, prev,
                    mac);
            return new AuditRecord(seq, unsigned.ts(), event.actor(), event.role(), event.action(), event.target(),
                    unsigned.details(), keyVersion, prev, mac);
        });
    }

    /** This database's chain identity, created with the first start. */
    public String chainId() {
        return tx.execute(status -> {
            jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", CHAIN_LOCK);
            List<String> ids = jdbc.queryForList("SELECT id::text FROM audit_chain", String.class);
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            String id = java.util.UUID.randomUUID().toString();
            jdbc.update("INSERT INTO audit_chain (id) VALUES (?::uuid)", id);
            return id;
        });
    }

    public Head head() {
        List<Head> head = jdbc.query("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1",
                (rs, i) -> new Head(rs.getLong(1), rs.getString(2)));
        return head.isEmpty() ? new Head(0, AuditRecord.GENESIS) : head.get(0);
    }

    /** Records matching {@code q}, oldest first. */
    public List<AuditRecord> find(Query q) {
        StringBuilder sql = new StringBuilder("SELECT seq, ts, actor, role, action, target, details::text, "
                + "key_version, prev_mac, mac FROM audit_log WHERE true");
        List<Object> args = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND ts >= ?");
            args.add(q.from().atOffset(java.time.ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND ts < ?");
            args.add(q.to().atOffset(java.time.ZoneOffset.UTC));
        }
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.afterSeq() != null) {
            sql.append(" AND seq > ?");
            args.add(q.afterSeq());
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(q.limit());
        return jdbc.query(sql.toString(), (rs, i) -> AuditVerifier.map(rs), args.toArray());
    }

    /** A record's details as a map (for the API). */
    public Map<String, Object> details(AuditRecord record) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = mapper.readValue(record.details(), Map.class);
            return map;
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", record.details());
        }
    }
}
