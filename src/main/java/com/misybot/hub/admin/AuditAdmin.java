package com.misybot.hub.admin;

import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.governance.audit.AuditRecord;
import com.misybot.hub.governance.audit.AuditVerifier;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.camel.Variable;
import org.springframework.stereotype.Service;

/** Auditor operations: read the audit log and verify it. */
@Service("auditAdmin")
public class AuditAdmin {

    /** One record as the API shows it. */
    public record Entry(long seq, Instant ts, String actor, String role, String action, String target,
                        Map<String, Object> details, long keyVersion, String prevMac, String mac) {
    }

    /** A page of records; {@code next} is the {@code after} of the following page, null on the last. */
    public record Page(int count, Long next, List<Entry> records) {
    }

    private final AuditLog log;
    private final AuditVerifier verifier;

    public AuditAdmin(AuditLog log, AuditVerifier verifier) {
        this.log = log;
        this.verifier = verifier;
    }

    public Page find(@Variable("from") String from, @Variable("to") String to, @Variable("actor") String actor,
                     @Variable("action") String action, @Variable("after") String after,
                     @Variable("limit") String limit) {
        int size = integer(limit, "limit", 100);
        if (size < 1 || size > 1000) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'limit' must be between 1 and 1000.");
        }
        long afterSeq = integer(after, "after", 0);
        List<AuditRecord> records = log.find(new AuditLog.Query(instant(from, "from"), instant(to, "to"),
                blankToNull(actor), blankToNull(action), afterSeq, size));
        List<Entry> entries = records.stream().map(r -> new Entry(r.seq(), r.ts(), r.actor(), r.role(), r.action(),
                r.target(), log.details(r), r.keyVersion(), r.prevMac(), r.mac())).toList();
        Long next = entries.size() == size ? entries.get(entries.size() - 1).seq() : null;
        return new Page(entries.size(), next, entries);
    }

    public AuditVerifier.Result verify() {
        return verifier.verify();
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'" + name + "' must be an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z.");
        }
    }

    private static int integer(String value, String name, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "'" + name + "' must be an integer.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
