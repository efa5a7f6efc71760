package com.misybot.hub.governance.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs the chain's head every {@code every} records or {@code interval}, whichever comes first (and never when
 * nothing was appended since the last checkpoint). Run by route {@code audit-checkpoint}.
 */
public class AuditCheckpointer {

    private final AuditLog log;
    private final AuditCheckpoints checkpoints;
    private final int every;
    private final Duration interval;
    private final Clock clock;

    public AuditCheckpointer(AuditLog log, AuditCheckpoints checkpoints, int every, Duration interval, Clock clock) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.every = every;
        this.interval = interval;
        this.clock = clock;
    }

    /** Writes a checkpoint when one is due; returns it, or null. */
    public synchronized AuditCheckpoints.Checkpoint checkpointIfDue() {
        AuditLog.Head head = log.head();
        AuditCheckpoints.Checkpoint last = checkpoints.last();
        long lastSeq = last == null ? 0 : last.seq();
        if (head.seq() <= lastSeq) {
            return null;
        }
        Instant now = clock.instant();
        boolean due = head.seq() - lastSeq >= every || last == null
                || !now.isBefore(last.ts().plus(interval));
        return due ? checkpoints.write(head.seq(), head.mac(), now) : null;
    }

    /** Signs the head now (the API and tests), when anything was appended since the last checkpoint. */
    public synchronized AuditCheckpoints.Checkpoint checkpointNow() {
        AuditLog.Head head = log.head();
        AuditCheckpoints.Checkpoint last = checkpoints.last();
        if (head.seq() == 0 || (last != null && head.seq() <= last.seq())) {
            return last;
        }
        return checkpoints.write(head.seq(), head.mac(), clock.instant());
    }
}
