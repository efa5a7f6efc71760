package com.misybot.hub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.misybot.hub.governance.audit.AuditChain;
import com.misybot.hub.governance.audit.AuditEvent;
import com.misybot.hub.governance.audit.AuditRecord;
import com.misybot.hub.governance.audit.AuditVerifier;
import com.misybot.hub.governance.crypto.CryptoProperties;
import com.misybot.hub.governance.crypto.Keysets;
import com.misybot.hub.governance.crypto.MasterKeys;
import com.misybot.hub.governance.crypto.SecretCipher;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Harness of bench/security.sh (a main, not a test), on its own database (emptied and migrated anew):
 * {@code aead} decrypts one stored secret through the hub's key service and through a bare Tink primitive of the same
 * keyset, interleaved; {@code append} times a small action transaction with and without its audit record inside,
 * interleaved; {@code verify} bulk-loads a valid chain of N records (COPY, MACs computed here with the hub's keys,
 * a signed checkpoint every 1,000) and times the verifier. Each writes JSON to target/bench-security/.
 */
public final class SecurityBench {

    static final Path DIR = Path.of("target/bench-security");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DB = System.getProperty("bench.db", "jdbc:postgresql://127.0.0.1:5432/hub_bench_audit");

    private SecurityBench() {
    }

    public static void main(String[] args) throws Exception {
        Files.createDirectories(DIR);
        switch (args[0]) {
            case "aead" -> aead(Integer.parseInt(args[1]));
            case "append" -> append(Integer.parseInt(args[1]));
            case "verify" -> verify(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException("aead|append|verify N");
        }
    }

    /** Decrypts per second, hub key service vs bare Tink, {@code n} each per round, 5 interleaved rounds. */
    static void aead(int n) throws Exception {
        AuditChain chain = new AuditChain(DB, DIR);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(chain.dataSource));
        Keysets keysets = new Keysets(chain.jdbc, tx, MasterKeys.open(new CryptoProperties.Master("env", null,
                MasterKeys.newKeysetJson(), null), DIR.toString()), "env");
        SecretCipher cipher = new SecretCipher(keysets);
        Aead bare = keysets.load(SecretCipher.KEYSET).handle().getPrimitive(RegistryConfiguration.get(), Aead.class);
        // a stored secret of the size of a JWT private key (RSA-2048 JWK, ~1.7 kB)
        byte[] secret = new byte[1700];
        Arrays.fill(secret, (byte) 'k');
        String kid = "bench-kid";
        byte[] ciphertext = cipher.encrypt("jwt_signing_key", kid, "private_key", secret);
        byte[] ad = ("jwt_signing_key" + '\u0000' + kid + '\u0000' + "private_key").getBytes(StandardCharsets.UTF_8);
        long sink = 0;
        // many short interleaved blocks: on a shared machine both sides see the same load; medians per side
        int blocks = 200;
        int perBlock = Math.max(100, n / blocks);
        double[] hub = new double[blocks];
        double[] tink = new double[blocks];
        double[] ratios = new double[blocks];
        for (int warm = 0; warm < n; warm++) {
            sink += cipher.decrypt("jwt_signing_key", kid, "private_key", ciphertext).length;
            sink += bare.decrypt(ciphertext, ad).length;
        }
        for (int block = 0; block < blocks; block++) {
            boolean hubFirst = block % 2 == 0;
            for (int side = 0; side < 2; side++) {
                boolean isHub = (side == 0) == hubFirst;
                long start = System.nanoTime();
                for (int i = 0; i < perBlock; i++) {
                    sink += isHub ? cipher.decrypt("jwt_signing_key", kid, "private_key", ciphertext).length
                            : bare.decrypt(ciphertext, ad).length;
                }
                double perSecond = perBlock / ((System.nanoTime() - start) / 1e9);
                (isHub ? hub : tink)[block] = perSecond;
            }
            ratios[block] = hub[block] / tink[block];
        }
        ObjectNode out = JSON.createObjectNode().put("n", (long) blocks * perBlock).put("blocks", blocks)
                .put("sink", sink).put("hubPerSecond", median(hub)).put("tinkPerSecond", median(tink))
                .put("ratio", median(ratios)).put("ratioOfMedians", median(hub) / median(tink));
        write("aead.json", out);
        System.out.printf("(a) aead: hub %.0f/s, bare Tink %.0f/s, ratio %.3f (median of %d interleaved blocks)%n",
                median(hub), median(tink), median(ratios), blocks);
    }

    /**
     * Latency of an action (one INSERT in its own transaction) without and with its audit record appended inside
     * that transaction, {@code n} interleaved pairs after warm-up; and a standalone append (own transaction).
     */
    static void append(int n) throws Exception {
        AuditChain chain = new AuditChain(DB, DIR);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(chain.dataSource));
        chain.jdbc.execute("CREATE TABLE bench_action (id bigserial PRIMARY KEY, payload text NOT NULL)");
        Map<String, Object> details = Map.of("agent", "front-desk", "replayed", List.of("m-1", "m-2"), "notFound",
                List.of());
        int warm = Math.max(50, n / 5);
        double[] plain = new double[n];
        double[] audited = new double[n];
        double[] standalone = new double[n];
        for (int i = -warm; i < n; i++) {
            boolean plainFirst = (i & 1) == 0;
            for (int side = 0; side < 2; side++) {
                boolean isPlain = (side == 0) == plainFirst;
                long start = System.nanoTime();
                tx.executeWithoutResult(status -> {
                    chain.jdbc.update("INSERT INTO bench_action (payload) VALUES (?)", "replay");
                    if (!isPlain) {
                        chain.log.append(new AuditEvent("u-bench", "operator", "dlq.replay", "agent:front-desk",
                                details));
                    }
                });
                double ms = (System.nanoTime() - start) / 1e6;
                if (i >= 0) {
                    (isPlain ? plain : audited)[i] = ms;
                }
            }
            long start = System.nanoTime();
            chain.log.append(new AuditEvent("u-bench", "operator", "http.access", "GET /api/v1/admin/dlq", details));
            if (i >= 0) {
                standalone[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = audited[i] - plain[i];
        }
        ObjectNode out = JSON.createObjectNode().put("n", n);
        out.set("plain", stats(plain));
        out.set("audited", stats(audited));
        out.set("standalone", stats(standalone));
        out.put("overheadP50Ms", pct(audited, 50) - pct(plain, 50));
        out.put("pairedDiffP50Ms", pct(diff, 50));
        AuditVerifier.Result check = chain.verifier.verify();
        out.put("chainOk", check.ok()).put("chainChecked", check.checked());
        write("append.json", out);
        System.out.printf("(b) append: action p50 %.3f ms, with audit %.3f ms, overhead %.3f ms (paired %.3f); "
                + "standalone append p50 %.3f ms; chain %s%n", pct(plain, 50), pct(audited, 50),
                pct(audited, 50) - pct(plain, 50), pct(diff, 50), pct(standalone, 50), check.ok() ? "ok" : check.reason());
        if (!check.ok()) {
            System.exit(1);
        }
    }

    /** Loads a valid chain of {@code n} records and times {@code verify}. */
    static void verify(int n) throws Exception {
        Files.deleteIfExists(DIR.resolve("checkpoints.jsonl"));
        AuditChain chain = new AuditChain(DB, DIR);
        long loadStart = System.nanoTime();
        long keyVersion = chain.keys.primary();
        String prev = AuditRecord.GENESIS;
        Instant ts = AuditRecord.truncate(Instant.now());
        StringBuilder copy = new StringBuilder(1 << 20);
        int batch = 0;
        String details = "{\"path\": \"/api/v1/admin/dlq\", \"client\": \"hmac:0123456789abcdef\", \"method\": \"GET\", "
                + "\"status\": 200, \"durationMs\": 3}";
        try (Connection connection = chain.dataSource.getConnection()) {
            var copier = connection.unwrap(PGConnection.class).getCopyAPI();
            for (long seq = 1; seq <= n; seq++) {
                Instant at = ts.plusNanos(seq * 1000);
                String actor = "u-" + (seq % 97);
                AuditRecord r = new AuditRecord(seq, at, actor, "operator", "http.access", "GET /api/v1/admin/dlq",
                        details, keyVersion, prev, null);
                String mac = hex(chain.keys.mac(keyVersion, r.macInput()));
                copy.append(seq).append('\t').append(at).append('\t').append(actor).append("\toperator\thttp.access\t")
                        .append("GET /api/v1/admin/dlq\t").append(details).append('\t').append(keyVersion).append('\t')
                        .append(prev).append('\t').append(mac).append('\n');
                prev = mac;
                if (seq % 1000 == 0 || seq == n) {
                    copier.copyIn("COPY audit_log (seq, ts, actor, role, action, target, details, key_version, prev_mac, "
                            + "mac) FROM STDIN", new StringReader(copy.toString()));
                    copy.setLength(0);
                    chain.checkpoints.write(seq, mac, Instant.now());
                    batch++;
                }
            }
        }
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        chain.jdbc.execute("ANALYZE audit_log");
        // verify twice: the first run also warms the JIT and PostgreSQL's cache; both are reported
        double[] seconds = new double[2];
        AuditVerifier.Result result = null;
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            result = chain.verifier.verify();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        ObjectNode out = JSON.createObjectNode().put("records", n).put("checkpoints", batch)
                .put("loadSeconds", loadSeconds).put("firstVerifySeconds", seconds[0])
                .put("verifySeconds", seconds[1]).put("ok", result.ok()).put("checked", result.checked());
        write("verify.json", out);
        System.out.printf("(c) verify: %,d records, %d checkpoints, %.2f s (first run %.2f s), ok=%s; loaded in %.1f s%n",
                n, batch, seconds[1], seconds[0], result.ok(), loadSeconds);
        if (!result.ok() || result.checked() != n) {
            System.exit(1);
        }
    }

    private static String hex(byte[] mac) {
        return java.util.HexFormat.of().formatHex(mac);
    }

    private static ObjectNode stats(double[] ms) {
        double sum = 0;
        for (double m : ms) {
            sum += m;
        }
        return JSON.createObjectNode().put("p50", pct(ms, 50)).put("p90", pct(ms, 90)).put("p99", pct(ms, 99))
                .put("mean", sum / ms.length);
    }

    private static double pct(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
    }

    private static double median(double[] values) {
        return pct(values, 50);
    }

    private static void write(String name, ObjectNode node) throws Exception {
        JSON.writerWithDefaultPrettyPrinter().writeValue(DIR.resolve(name).toFile(), node);
    }
}
