package com.misybot.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.memory.ContextCodec;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.mongodb.client.MongoClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.RedisTemplate;

/**
 * Pseudonymization at ingress, end to end through HTTP on PostgreSQL, Redis, RabbitMQ and the in-process MongoDB:
 * a message carrying every entity type is stored, put on the bus, answered by the agents and embedded, and then a
 * scan of every PostgreSQL table, every MongoDB collection, the Redis cache and the log finds none of its values,
 * while the owner reads them back and an operator only with an audited reason. Levels: none → pseudonymized
 * sanitizes what the session holds; anonymized keeps no mapping; an edit of the bundle is sanitized.
 */
@ExtendWith(OutputCaptureExtension.class)
class PseudonymizationIT extends HubIntegrationTest {

    @Autowired
    MongoClient mongo;

    @Autowired
    @Qualifier("contextRedisTemplate")
    RedisTemplate<String, byte[]> redis;

    @Autowired
    ContextCodec codec;

    @Autowired
    com.misybot.hub.support.TestTracing.RecentSpans spans;

    @Autowired
    com.misybot.hub.bus.DeadLetterQueues deadLetters;

    /** One value of each type; each test uses its own so scans do not see another test's. */
    private static List<String> values(String name, String mail, String card, String iban, String phone, String ssn,
                                       String ip, String street) {
        return List.of(name, mail, card, iban, phone, ssn, ip, street);
    }

    private static String message(List<String> v) {
        return "Hi, I am " + v.get(0) + ". Mail me at " + v.get(1) + " or call " + v.get(4) + ". My card is "
                + v.get(2) + ", IBAN " + v.get(3) + ", my ssn is " + v.get(5) + ", server " + v.get(6)
                + ". Ship it to " + v.get(7) + ", Lisbon. Three hooks for a cold brew reel please.";
    }

    @Test
    void should_keep_every_value_out_of_every_store_and_show_it_to_the_owner_only(CapturedOutput output) {
        // given
        TestUser owner = user("user");
        TestUser operator = user("operator");
        String session = newSessionId();
        List<String> v = values("Tamara Kovalev", "tamara.kovalev@example.org", "4929050988420001",
                "GB34PMNJ18913943439911", "730-347-5112", "390-99-1822", "69.196.7.23", "64 Rua Papoula 1998");
        String text = message(v);

        // when the owner posts it and waits for the front desk's reply, twice (the same values again)
        Http.Answer posted = http.postJson("/api/v1/sessions/" + session + "/messages?wait=20",
                "{\"text\":" + jsonString(text) + "}", Http.bearer(owner.accessToken()));
        Http.Answer again = http.postJson("/api/v1/sessions/" + session + "/messages",
                "{\"text\":" + jsonString("Again: " + v.get(1) + " and " + v.get(0) + ".") + "}",
                Http.bearer(owner.accessToken()));

        // then the owner reads the text as written
        assertThat(posted.status()).as(posted.body()).isIn(200, 202);
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        Http.Answer ownView = http.get("/api/v1/sessions/" + session, Http.bearer(owner.accessToken()));
        assertThat(ownView.json().path("turns").get(0).path("text").asText()).isEqualTo(text);
        // the store holds surrogates, the same value the same surrogate within the session
        List<String> stored = userTurns(session);
        assertThat(stored.get(0)).contains("⟦EMAIL_ADDRESS_1⟧", "⟦CREDIT_CARD_1⟧", "⟦IBAN_CODE_1⟧",
                "⟦PHONE_NUMBER_1⟧", "⟦US_SSN_1⟧", "⟦IP_ADDRESS_1⟧", "⟦PERSON_1⟧", "⟦STREET_ADDRESS_1⟧");
        assertThat(stored.get(1)).isEqualTo("Again: ⟦EMAIL_ADDRESS_1⟧ and ⟦PERSON_1⟧.");
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ? AND role = 'user' "
                + "AND pii_level = 'pseudonymized'", session)).isEqualTo(2);
        // an operator reads the surrogates
        Http.Answer operatorView = http.get("/api/v1/sessions/" + session, Http.bearer(operator.accessToken()));
        assertThat(operatorView.status()).isEqualTo(200);
        assertThat(operatorView.body()).contains("⟦PERSON_1⟧").doesNotContain(v.get(1));

        // and once embedded, no store holds any value
        awaitTurnsEmbedded(session);
        http.get("/api/v1/sessions/" + session + "/context", Http.bearer(owner.accessToken())); // fills the cache
        assertNoValueIn(v, scanPostgres(), "PostgreSQL");
        assertNoValueIn(v, scanMongo(), "MongoDB");
        assertNoValueIn(v, scanRedis(), "Redis");
        assertNoValueIn(v, output.getAll(), "the log");
        assertNoValueIn(v, spans.getFinishedSpanItems().toString(), "the exported spans");
        assertNoValueIn(v, scanDeadLetters(), "the dead-letter queues");
        assertNoValueIn(v, http.get("/actuator/prometheus", Http.bearer(operator.accessToken())).body(), "the metrics");
    }

    @Test
    void should_let_an_operator_reidentify_only_with_a_reason_that_is_audited() {
        TestUser owner = user("user");
        TestUser operator = user("operator");
        String session = newSessionId();
        postAndAwaitReply(owner, session, "Please call Olga Petrenko at olga.petrenko@example.net tomorrow.");
        String path = "/api/v1/admin/sessions/" + session + "/reidentify";

        assertProblem(http.postJson(path, "{}", Http.bearer(operator.accessToken())), 400, "validation");
        assertProblem(http.postJson(path, "{\"reason\":\"why\"}", Http.bearer(operator.accessToken())), 400,
                "validation");
        assertThat(http.postJson(path, "{\"reason\":\"support ticket 4711: wrong e-mail on file\"}",
                Http.bearer(owner.accessToken())).status()).isEqualTo(403);
        Http.Answer read = http.postJson(path, "{\"reason\":\"support ticket 4711: wrong e-mail on file\"}",
                Http.bearer(operator.accessToken()));

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("turns").get(0).path("text").asText()).contains("olga.petrenko@example.net");
        assertThat(count("SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'pii.reidentify' AND target = ? "
                + "AND details->>'reason' = 'support ticket 4711: wrong e-mail on file'", operator.id(), session))
                .isOne();
    }

    @Test
    void should_sanitize_what_a_session_holds_when_its_level_becomes_stricter_and_keep_no_mapping_when_anonymized() {
        // given a session at level none holding a raw value
        TestUser owner = user("user");
        String session = newSessionId();
        postAndAwaitReply(owner, session, "hello");
        setLevel(owner, session, "none");
        postAndAwaitReply(owner, session, "Write to bogdan.marchetti@example.com about the launch.");
        assertThat(userTurns(session).get(1)).contains("bogdan.marchetti@example.com");

        // when the owner makes it pseudonymized
        setLevel(owner, session, "pseudonymized");

        // then the stored turn is sanitized at once, the owner still reads it, and the operators are told
        assertThat(userTurns(session).get(1)).isEqualTo("Write to ⟦EMAIL_ADDRESS_1⟧ about the launch.");
        assertThat(http.get("/api/v1/sessions/" + session, Http.bearer(owner.accessToken())).body())
                .contains("bogdan.marchetti@example.com");
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'pii.sanitized' AND target = ?", session))
                .isOne();

        // when it becomes anonymized: the mapping goes, new values get one-way surrogates
        setLevel(owner, session, "anonymized");
        postAndAwaitReply(owner, session, "And copy carla.ruiz@example.com too.");
        assertThat(count("SELECT count(*) FROM pii_token WHERE session_id = ?", session)).isZero();
        String third = userTurns(session).get(2);
        assertThat(third).matches("And copy ⟦EMAIL_ADDRESS_[0-9a-f]{10}⟧ too\\.");
        String ownerView = http.get("/api/v1/sessions/" + session, Http.bearer(owner.accessToken())).body();
        assertThat(ownerView).doesNotContain("bogdan.marchetti@example.com").doesNotContain("carla.ruiz");
    }

    @Test
    void should_sanitize_personal_data_an_edit_writes_into_the_bundle() {
        TestUser owner = user("user");
        String session = newSessionId();
        postAndAwaitReply(owner, session, "hello");
        long version = http.get("/api/v1/sessions/" + session + "/context", Http.bearer(owner.accessToken())).json()
                .path("version").asLong();

        Http.Answer put = http.send("PUT", "/api/v1/sessions/" + session + "/context", "application/json",
                "{\"version\":" + version + ",\"summary\":\"Customer is reachable at ilse.brandt@example.com\","
                        + "\"variables\":{\"contact\":{\"card\":\"4929050988424425\"}}}",
                Http.bearer(owner.accessToken()));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).doesNotContain("ilse.brandt@example.com").doesNotContain("4929050988424425")
                .contains("⟦EMAIL_ADDRESS_1⟧").contains("⟦CREDIT_CARD_1⟧");
        assertThat(count("SELECT count(*) FROM context_bundle WHERE session_id = ? AND (summary LIKE '%ilse%' "
                + "OR variables::text LIKE '%4929050988424425%')", session)).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE action = 'pii.sanitized' AND target = ?", session))
                .isOne();
    }

    @Test
    void should_store_text_without_pii_unchanged() {
        TestUser owner = user("user");
        String session = newSessionId();
        postAndAwaitReply(owner, session, "Three hooks for a cold brew reel, 15 seconds, upbeat.");
        assertThat(userTurns(session).get(0)).isEqualTo("Three hooks for a cold brew reel, 15 seconds, upbeat.");
        assertThat(count("SELECT count(*) FROM pii_token WHERE session_id = ?", session)).isZero();
    }

    private List<String> userTurns(String session) {
        return jdbc.queryForList("SELECT text FROM context_turn WHERE session_id = ? AND role = 'user' ORDER BY seq",
                String.class, session);
    }

    private void setLevel(TestUser owner, String session, String level) {
        long version = http.get("/api/v1/sessions/" + session + "/context", Http.bearer(owner.accessToken())).json()
                .path("version").asLong();
        Http.Answer put = http.send("PUT", "/api/v1/sessions/" + session + "/context", "application/json",
                "{\"version\":" + version + ",\"anonymizationLevel\":\"" + level + "\"}",
                Http.bearer(owner.accessToken()));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("anonymizationLevel").asText()).isEqualTo(level);
    }

    /** Every row of every table of the hub's schema, as text. */
    private String scanPostgres() {
        StringBuilder all = new StringBuilder();
        for (String table : jdbc.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
                String.class)) {
            jdbc.query("SELECT CAST(t AS text) FROM \"" + table + "\" t", rs -> {
                all.append(rs.getString(1)).append('\n');
            });
        }
        return all.toString();
    }

    private String scanDeadLetters() {
        StringBuilder all = new StringBuilder();
        for (String agent : deadLetters.counts().keySet()) {
            deadLetters.list(agent, 1000).forEach(letter -> all.append(letter.envelope()).append('\n'));
        }
        return all.toString();
    }

    private String scanMongo() {
        StringBuilder all = new StringBuilder();
        for (String db : mongo.listDatabaseNames()) {
            for (String collection : mongo.getDatabase(db).listCollectionNames()) {
                for (Document d : mongo.getDatabase(db).getCollection(collection).find()) {
                    all.append(d.toJson()).append('\n');
                }
            }
        }
        assertThat(all).as("MongoDB holds embedded turns").isNotEmpty();
        return all.toString();
    }

    private String scanRedis() {
        StringBuilder all = new StringBuilder();
        List<String> keys = new ArrayList<>(redis.keys("*"));
        for (String key : keys) {
            if (redis.type(key) != org.springframework.data.redis.connection.DataType.STRING) {
                continue;
            }
            byte[] value = redis.opsForValue().get(key);
            if (value != null) {
                all.append(ContextCodec.isGzip(value) ? codec.decode(value)
                        : new String(value, StandardCharsets.UTF_8)).append('\n');
            }
        }
        assertThat(keys).as("Redis holds cached bundles").isNotEmpty();
        return all.toString();
    }

    private static void assertNoValueIn(List<String> values, String haystack, String store) {
        for (String value : values) {
            assertThat(Pattern.compile(Pattern.quote(value)).matcher(haystack).find())
                    .as("%s holds the raw value %s", store, value).isFalse();
        }
    }
}
