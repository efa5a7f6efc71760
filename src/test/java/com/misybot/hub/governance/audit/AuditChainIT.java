package com.misybot.hub.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.support.RequiredServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessException;

/**
 * The audit chain against forgery (issue 12), on its own database: an edited record, a deleted record, a cut
 * tail, a forged checkpoint and a chain rewritten with the HMAC key but without the signing key are each reported
 * by the verifier with the first broken sequence number; the trigger refuses UPDATE, DELETE and TRUNCATE.
 */
@ExtendWith(RequiredServices.class)
class AuditChainIT {

    static final String URL = System.getenv().getOrDefault("HUB_TEST_AUDIT_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/hub_test_audit");

    @TempDir
    Path dir;

    AuditChain chain;

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        chain.close();
    }

    @BeforeEach
    void setUp() {
        chain = new AuditChain(URL, dir);
        for (int i = 1; i <= 25; i++) {
            chain.log.append(new AuditEvent("u-" + (i % 3), "operator", "dlq.replay", "agent:front-desk",
                    Map.of("n", i, "ids", List.of("m" + i))));
            if (i == 10 || i == 20) {
                chain.checkpoints.write(i, chain.log.head().mac(), java.time.Instant.now());
            }
        }
    }

    @Test
    void should_verify_an_intact_chain() {
        AuditVerifier.Result result = chain.verifier.verify();

        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.checked()).isEqualTo(25);
        assertThat(result.checkpoints()).isEqualTo(2);
        assertThat(result.firstBrokenSeq()).isNull();
    }

    @Test
    void should_keep_checkpoints_in_order_when_two_replicas_share_the_file() {
        // given: a second replica signing into the same file, behind the first
        AuditCheckpoints other = new AuditCheckpoints(dir.resolve("checkpoints.jsonl"), chain.log.chainId(),
                AuditCheckpoints.signingKeys(null, dir.resolve("signing-key.json")));
        String mac22 = chain.jdbc.queryForObject("SELECT mac FROM audit_log WHERE seq = 22", String.class);

        // when: the first signs the head, then the second signs an older head
        chain.checkpoints.write(25, chain.log.head().mac(), java.time.Instant.now());
        AuditCheckpoints.Checkpoint skipped = other.write(22, mac22, java.time.Instant.now());

        // then: the older one is not written, and the chain verifies with three checkpoints
        assertThat(skipped.seq()).isEqualTo(25);
        AuditVerifier.Result result = chain.verifier.verify();
        assertThat(result.ok()).as(result.reason()).isTrue();
        assertThat(result.checkpoints()).isEqualTo(3);
    }

    @Test
    void should_refuse_update_delete_and_truncate() {
        assertThatThrownBy(() -> chain.jdbc.update("UPDATE audit_log SET details = '{}' WHERE seq = 3"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> chain.jdbc.update("DELETE FROM audit_log WHERE seq = 3"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> chain.jdbc.execute("TRUNCATE audit_log"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(chain.jdbc.queryForObject("SELECT count(*) FROM audit_log", Long.class)).isEqualTo(25);
    }

    @Test
    void should_report_an_edited_record() {
        // when: one record's details edited behind the trigger's back
        chain.tamper("UPDATE audit_log SET details = '{\"n\": 7, \"ids\": []}'::jsonb WHERE seq = 7");

        // then
        assertBroken(chain.verifier.verify(), 7, "altered");
    }

    @Test
    void should_report_an_edited_actor_or_time() {
        chain.tamper("UPDATE audit_log SET ts = ts + interval '1 microsecond' WHERE seq = 14");

        assertBroken(chain.verifier.verify(), 14, "altered");
    }

    @Test
    void should_report_a_deleted_record() {
        chain.tamper("DELETE FROM audit_log WHERE seq = 12");

        assertBroken(chain.verifier.verify(), 12, "missing");
    }

    @Test
    void should_report_a_tail_cut_after_a_checkpoint() {
        // when: everything after seq 17 removed, below the checkpoint at 20
        chain.tamper("DELETE FROM audit_log WHERE seq > 17");

        // then
        assertBroken(chain.verifier.verify(), 18, "tail was cut");
    }

    @Test
    void should_report_a_chain_rewritten_with_the_hmac_key_but_not_the_signing_key() {
        // when: record 14 edited and every MAC from there recomputed with the (stolen) HMAC key
        chain.tamper("UPDATE audit_log SET details = '{\"n\": 14, \"ids\": [\"forged\"]}'::jsonb WHERE seq = 14");
        String prev = chain.jdbc.queryForObject("SELECT mac FROM audit_log WHERE seq = 13", String.class);
        for (AuditRecord r : chain.log.find(new AuditLog.Query(null, null, null, null, 13L, 1000))) {
            AuditRecord relinked = new AuditRecord(r.seq(), r.ts(), r.actor(), r.role(), r.action(), r.target(),
                    r.details(), r.keyVersion(), prev, null);
            String mac = AuditRecord.hex(chain.keys.mac(r.keyVersion(), relinked.macInput()));
            chain.tamper("UPDATE audit_log SET prev_mac = ?, mac = ? WHERE seq = ?", prev, mac, r.seq());
            prev = mac;
        }

        // then: links and MACs are all valid again, but the signed checkpoint at 20 no longer matches; trust ends
        // after the last checkpoint that still matches (10), so the first broken record is reported as 11
        AuditVerifier.Result result = chain.verifier.verify();
        assertBroken(result, 11, "rewritten");
        assertThat(result.firstBrokenSeq()).isLessThanOrEqualTo(14L);
    }

    @Test
    void should_report_a_forged_checkpoint() throws Exception {
        // when: a checkpoint line edited without the signing key
        Path file = dir.resolve("checkpoints.jsonl");
        List<String> lines = Files.readAllLines(file);
        Files.write(file, List.of(lines.get(0), lines.get(1).replace("\"seq\":20", "\"seq\":25")));

        // then
        assertBroken(chain.verifier.verify(), 11, "signature");
    }

    private static void assertBroken(AuditVerifier.Result result, long seq, String reason) {
        assertThat(result.ok()).isFalse();
        assertThat(result.firstBrokenSeq()).as(result.reason()).isEqualTo(seq);
        assertThat(result.reason()).contains(reason);
    }
}
