package com.misybot.hub.governance.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
        // two stages on two threads: this one streams and decodes rows, the checker recomputes MACs and follows
        // the links in order; batches keep the order, so the first broken record is the first one reported
        BlockingQueue<List<AuditRecord>> batches = new ArrayBlockingQueue<>(4);
        Checker checker = new Checker(expected, signed.size(), previousSeq, batches);
        Thread thread = new Thread(checker, "audit-verify");
        thread.setDaemon(true);
        thread.start();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try (PreparedStatement ps = connection.prepareStatement(SELECT_ALL)) {
                ps.setFetchSize(BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    List<AuditRecord> batch = new ArrayList<>(BATCH);
                    while (rs.next() && !checker.done) {
                        batch.add(mapFast(rs));
                        if (batch.size() == BATCH) {
                            batches.put(batch);
                            batch = new ArrayList<>(BATCH);
                        }
                    }
                    batches.put(batch);
                    batches.put(END);
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
            thread.join();
            return checker.result;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read audit_log", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while verifying the audit log", e);
        } finally {
            if (thread.isAlive()) {
                thread.interrupt();
            }
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static final int BATCH = 10_000;
    private static final List<AuditRecord> END = List.of();
    /** The time as microseconds since the epoch: decoding an OffsetDateTime per row costs more than its MAC. */
    private static final String SELECT_ALL = "SELECT seq, (extract(epoch FROM ts) * 1000000)::bigint, actor, role, "
            + "action, target, details::text, key_version, prev_mac, mac FROM audit_log ORDER BY seq";

    /** The checking stage: every rule of the class comment, record by record, in order. */
    private final class Checker implements Runnable {
        private final Map<Long, String> expected;
        private final long checkpoints;
        private final long lastCheckpoint;
        private final BlockingQueue<List<AuditRecord>> batches;
        volatile boolean done;
        Result result;

        Checker(Map<Long, String> expected, long checkpoints, long lastCheckpoint,
                BlockingQueue<List<AuditRecord>> batches) {
            this.expected = expected;
            this.checkpoints = checkpoints;
            this.lastCheckpoint = lastCheckpoint;
            this.batches = batches;
        }

        @Override
        public void run() {
            try {
                result = check();
            } catch (InterruptedException e) {
                result = broken(0, 0, "verification interrupted", checkpoints);
            } catch (RuntimeException e) {
                result = broken(0, 0, "verification failed: " + e.getMessage(), checkpoints);
            } finally {
                done = true;
                batches.clear();
            }
        }

        private Result check() throws InterruptedException {
            long checked = 0;
            long expectedSeq = 1;
            long lastGoodCheckpoint = 0;
            String previousMac = AuditRecord.GENESIS;
            for (List<AuditRecord> batch = batches.take(); batch != END; batch = batches.take()) {
                for (AuditRecord r : batch) {
                    if (r.seq() != expectedSeq) {
                        return broken(checked, expectedSeq, r.seq() > expectedSeq
                                ? "records " + expectedSeq + ".." + (r.seq() - 1) + " are missing"
                                : "seq " + r.seq() + " appears twice", checkpoints);
                    }
                    if (!r.prevMac().equals(previousMac)) {
                        return broken(checked, r.seq(), "prev_mac does not link to record " + (r.seq() - 1),
                                checkpoints);
                    }
                    byte[] mac = keys.mac(r.keyVersion(), r.macInput());
                    if (mac == null) {
                        return broken(checked, r.seq(), "key_version " + r.keyVersion() + " is not an audit key",
                                checkpoints);
                    }
                    if (!AuditRecord.hex(mac).equals(r.mac())) {
                        return broken(checked, r.seq(), "MAC mismatch: the record was altered", checkpoints);
                    }
                    String checkpointMac = expected.get(r.seq());
                    if (checkpointMac != null) {
                        if (!checkpointMac.equals(r.mac())) {
                            return broken(checked, lastGoodCheckpoint + 1, "the chain does not match the signed "
                                    + "checkpoint at seq " + r.seq() + ": records after seq " + lastGoodCheckpoint
                                    + " were rewritten", checkpoints);
                        }
                        lastGoodCheckpoint = r.seq();
                    }
                    previousMac = r.mac();
                    expectedSeq++;
                    checked++;
                }
            }
            if (lastCheckpoint >= expectedSeq) {
                return broken(checked, expectedSeq, "the chain ends at seq " + (expectedSeq - 1)
                        + " but a signed checkpoint covers seq " + lastCheckpoint + ": its tail was cut", checkpoints);
            }
            return new Result(true, checked, null, null, checkpoints);
        }
    }

    private static Result broken(long checked, long seq, String reason, long checkpoints) {
        return new Result(false, checked, seq, reason, checkpoints);
    }

    private static AuditRecord mapFast(ResultSet rs) throws SQLException {
        long micros = rs.getLong(2);
        return new AuditRecord(rs.getLong(1), java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10));
    }

    static AuditRecord map(ResultSet rs) throws SQLException {
        return new AuditRecord(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10));
    }
}
