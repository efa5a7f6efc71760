package com.misybot.hub.governance.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Proves the audit log intact or names its first broken record. Streams the chain in {@code seq} order and checks:
 * no gap in {@code seq} (from 1), each {@code prev_mac} equals the previous {@code mac}, each {@code mac}
 * recomputes with the key its record names, every checkpoint's Ed25519 signature, that the record at each
 * checkpoint's {@code seq} has exactly the checkpoint's MAC (a chain rewritten with the HMAC key alone fails here),
 * that checkpoints only move forward, and that the chain reaches the last checkpoint (a cut tail fails here).
 */
public class AuditVerifier {

    /** What {@code GET /api/v1/admin/audit/verify} answers. */
    public record Result(boolean ok, long checked, Long firstBrokenSeq, String reason, long checkpoints) {
    }

    private final DataSource dataSource;
    private final AuditMacKeys keys;
    private final AuditCheckpoints checkpoints;

    public AuditVerifier(DataSource dataSource, AuditMacKeys keys, AuditCheckpoints checkpoints) {
        this.dataSource = dataSource;
        this.keys = keys;
        this.checkpoints = checkpoints;
    }

    public Result verify() {
        keys.reloadIfChanged();
        List<AuditCheckpoints.Checkpoint> signed = checkpoints.read();
        long previousSeq = 0;
        for (AuditCheckpoints.Checkpoint c : signed) {
            if (!c.valid()) {
                return broken(0, Math.max(1, previousSeq + 1), "a checkpoint's signature does not verify (after seq "
                        + previousSeq + ")", signed.size());
            }
            if (c.seq() <= previousSeq) {
                return broken(0, c.seq(), "checkpoints go backwards at seq " + c.seq(), signed.size());
            }
            previousSeq = c.seq();
        }
        Map<Long, String> expected = new HashMap<>();
        signed.forEach(c -> expected.put(c.seq(), c.mac()));
        // the last checkpoint at or below each seq, to say where trust ends when a checkpoint does not match
        long lastGoodCheckpoint = 0;
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = connection.prepareStatement("SELECT seq, ts, actor, role, action, target, "
                    + "details::text, key_version, prev_mac, mac FROM audit_log ORDER BY seq")) {
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    long checked = 0;
                    long expectedSeq = 1;
                    String previousMac = AuditRecord.GENESIS;
                    while (rs.next()) {
                        AuditRecord r = map(rs);
                        if (r.seq() != expectedSeq) {
                            return broken(checked, expectedSeq, r.seq() > expectedSeq
                                    ? "records " + expectedSeq + ".." + (r.seq() - 1) + " are missing"
                                    : "seq " + r.seq() + " appears twice", signed.size());
                        }
                        if (!r.prevMac().equals(previousMac)) {
                            return broken(checked, r.seq(), "prev_mac does not link to record " + (r.seq() - 1),
                                    signed.size());
                        }
                        byte[] mac = keys.mac(r.keyVersion(), r.macInput());
                        if (mac == null) {
                            return broken(checked, r.seq(), "key_version " + r.keyVersion() + " is not an audit key",
                                    signed.size());
                        }
                        if (!AuditRecord.hex(mac).equals(r.mac())) {
                            return broken(checked, r.seq(), "MAC mismatch: the record was altered", signed.size());
                        }
                        String checkpointMac = expected.get(r.seq());
                        if (checkpointMac != null) {
                            if (!checkpointMac.equals(r.mac())) {
                                return broken(checked, lastGoodCheckpoint + 1, "the chain does not match the signed "
                                        + "checkpoint at seq " + r.seq() + ": records after seq " + lastGoodCheckpoint
                                        + " were rewritten", signed.size());
                            }
                            lastGoodCheckpoint = r.seq();
                        }
                        previousMac = r.mac();
                        expectedSeq++;
                        checked++;
                    }
                    if (previousSeq >= expectedSeq) {
                        return broken(checked, expectedSeq, "the chain ends at seq " + (expectedSeq - 1)
                                + " but a signed checkpoint covers seq " + previousSeq + ": its tail was cut",
                                signed.size());
                    }
                    return new Result(true, checked, null, null, signed.size());
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read audit_log", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static Result broken(long checked, long seq, String reason, long checkpoints) {
        return new Result(false, checked, seq, reason, checkpoints);
    }

    static AuditRecord map(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10));
    }
}
