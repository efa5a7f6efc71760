package com.misybot.hub.pipelines.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.governance.audit.AuditLog;
import com.misybot.hub.memory.vector.RelevanceCalibration;
import com.misybot.hub.platform.PostgresListener;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Versioned policies through the admin API, in the shared test context: an operator adds a policy, tries it on a
 * text before it serves, activates it (the pipeline's gate judges by it at once), changes it, rolls back and retires
 * it, every step audited with who did it; broken YAML is refused with 422 naming the rule and stores nothing; roles
 * are least privilege; a second registry on the same database (another replica) converges through NOTIFY; a shipped
 * file is active until an operator takes its policy over. Every policy a test adds has a random id and is retired
 * after it (the database is shared with the other tests and the next runs).
 */
class PolicyRegistryIT extends HubIntegrationTest {

    private static final String POLICIES = "/api/v1/admin/policies";
    private static final String COMPETITOR = "Our bottle keeps drinks colder than a Zorblax flask.";

    @Autowired
    private ProducerTemplate producer;
    @Autowired
    private PolicyRegistry registry;
    @Autowired
    private PolicyVersionStore store;
    @Autowired
    private AuditLog audit;
    @Autowired
    private EmbeddingService embeddings;
    @Autowired
    private RelevanceCalibration calibration;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private TransactionTemplate tx;

    private TestUser operator;
    private String policy;
    private final List<String> added = new ArrayList<>();

    @BeforeEach
    void callers() {
        operator = user("operator");
        policy = newPolicyId();
    }

    @AfterEach
    void retirePolicies() {
        for (String id : added) {
            if (store.activeVersions().containsKey(id)) {
                http.send("DELETE", POLICIES + "/" + id, null, null, asOperator());
            }
        }
        registry.reconcile();
    }

    @Test
    void should_serve_the_shipped_policy_file_as_the_active_version_of_policy_default() {
        // when
        Http.Answer listed = http.get(POLICIES, asOperator());

        // then
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        JsonNode shipped = find(listed.json().path("policies"), "default");
        assertThat(shipped.path("activeVersion").asInt()).isPositive();
        assertThat(shipped.path("servingVersion").asInt()).isEqualTo(shipped.path("activeVersion").asInt());
        JsonNode active = http.get(POLICIES + "/default/versions/" + shipped.path("activeVersion").asInt(),
                asOperator()).json();
        assertThat(active.path("status").asText()).isEqualTo("active");
        assertThat(active.path("source").asText()).isEqualTo("classpath:config/policies/default.yaml");
        assertThat(active.path("author").asText()).isEqualTo("system:file-import");
        assertThat(active.path("rules")).extracting(JsonNode::asText).contains("health-claims", "financial-claims");
        assertThat(active.path("yaml").asText()).contains("id: health-claims");
    }

    @Test
    void should_judge_by_a_policy_an_operator_added_tried_activated_changed_rolled_back_and_retired() {
        // given: the active policies let the text through
        assertThat(check(COMPETITOR, null, null).path("verdict").asText()).isEqualTo("ALLOW");

        // when: submitted
        Http.Answer submitted = submit(policy, competitorPolicy("BLOCK"));

        // then: a candidate; it does not judge yet, but can be tried
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        assertThat(submitted.json().path("status").asText()).isEqualTo("candidate");
        assertThat(submitted.json().path("rules")).extracting(JsonNode::asText).containsExactly("competitor-brands");
        int v1 = submitted.json().path("version").asInt();
        assertThat(evaluate(COMPETITOR).verdict()).isEqualTo("ALLOW");
        JsonNode tried = check(COMPETITOR, policy, v1);
        assertThat(tried.path("verdict").asText()).isEqualTo("BLOCK");
        assertThat(tried.path("findings").get(0).path("ruleId").asText()).isEqualTo("competitor-brands");
        assertThat(tried.path("findings").get(0).path("match").asText()).isEqualTo("Zorblax");
        assertThat(tried.path("policies").path(policy).asInt()).isEqualTo(v1);
        // the same text again is the same version
        assertThat(submit(policy, competitorPolicy("BLOCK")).json().path("version").asInt()).isEqualTo(v1);

        // when: activated; then the pipeline's gate (direct:policy-evaluate) judges by it at once
        Http.Answer activated = activate(policy, v1);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        assertThat(activated.json().path("status").asText()).isEqualTo("active");
        assertThat(activated.json().path("activatedBy").asText()).isEqualTo(operator.id());
        PolicyDecision blocked = evaluate(COMPETITOR);
        assertThat(blocked.verdict()).isEqualTo("BLOCK");
        assertThat(blocked.findings()).extracting(PolicyDecision.Finding::ruleId).containsExactly("competitor-brands");
        assertThat(blocked.policies()).containsEntry(policy, v1).containsKey("default");
        // ... and the shipped rules still judge beside it
        assertThat(evaluate("A miracle cure for tired skin").verdict()).isEqualTo("BLOCK");

        // when: changed to REVIEW and activated; then the diff shows the change and the gate sends it to review
        int v2 = submit(policy, competitorPolicy("REVIEW")).json().path("version").asInt();
        Http.Answer diff = http.get(POLICIES + "/" + policy + "/versions/" + v2 + "/diff", asOperator());
        assertThat(diff.status()).as(diff.body()).isEqualTo(200);
        assertThat(diff.json().path("against").asInt()).isEqualTo(v1);
        assertThat(diff.json().path("diff").asText()).contains("--- " + policy + ".yaml@v" + v1,
                "-    verdict: BLOCK", "+    verdict: REVIEW");
        assertThat(activate(policy, v2).status()).isEqualTo(200);
        assertThat(evaluate(COMPETITOR).verdict()).isEqualTo("REVIEW");

        // when: rolled back (v1 activated again)
        assertThat(activate(policy, v1).status()).isEqualTo(200);

        // then
        assertThat(evaluate(COMPETITOR).verdict()).isEqualTo("BLOCK");
        JsonNode versions = http.get(POLICIES + "/" + policy + "/versions", asOperator()).json().path("versions");
        assertThat(versions).extracting(v -> v.path("version").asInt() + ":" + v.path("status").asText())
                .containsExactly(v2 + ":retired", v1 + ":active");

        // when: retired; then it judges no more, its versions stay
        Http.Answer retired = http.send("DELETE", POLICIES + "/" + policy, null, null, asOperator());
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        assertThat(evaluate(COMPETITOR).verdict()).isEqualTo("ALLOW");
        assertThat(http.get(POLICIES + "/" + policy + "/versions", asOperator()).json().path("versions")).hasSize(2);

        // and: every change is in the audit log with who made it
        assertThat(jdbc.queryForList("SELECT action || ' by ' || actor FROM audit_log WHERE target = ? ORDER BY seq",
                String.class, policy)).containsExactly("policy.submit by " + operator.id(),
                "policy.activate by " + operator.id(), "policy.submit by " + operator.id(),
                "policy.activate by " + operator.id(), "policy.activate by " + operator.id(),
                "policy.retire by " + operator.id());
    }

    @Test
    void should_flag_a_rephrasing_of_an_operator_added_example_by_meaning() {
        // given: a policy whose rule has examples and counter-examples only (no pattern)
        String yaml = """
                rules:
                  - id: political-endorsement-%s
                    kind: blocked-terms
                    description: The brand must not endorse a candidate or a party.
                    verdict: BLOCK
                    examples:
                      - Vote for Maria Lopez in the mayoral election.
                      - Our brand proudly endorses the Green Party this election.
                      - Support our candidate for senate at the ballot box.
                    counter-examples:
                      - Vote for your favourite flavour in our poll.
                      - Our team voted on the new logo.
                """.formatted(policy);
        int v1 = submit(policy, yaml).json().path("version").asInt();

        // when
        JsonNode rephrased = check("Great lemonade. Also, please cast your ballot for Senator Ortiz on Tuesday!",
                policy, v1);
        JsonNode poll = check("Vote in our poll for the next lemonade flavour!", policy, v1);

        // then
        assertThat(rephrased.path("verdict").asText()).as(rephrased.toString()).isIn("BLOCK", "REVIEW");
        assertThat(rephrased.path("findings")).extracting(f -> f.path("ruleId").asText())
                .contains("political-endorsement-" + policy);
        assertThat(rephrased.path("findings").get(0).path("match").asText()).contains("Senator Ortiz");
        assertThat(poll.path("findings")).extracting(f -> f.path("ruleId").asText())
                .doesNotContain("political-endorsement-" + policy);
    }

    @Test
    void should_refuse_broken_policies_with_422_naming_the_rule_and_store_nothing() {
        // given
        int versionsBefore = count("SELECT count(*) FROM policy_version");
        String badVerdict = "rules:\n  - id: shouting\n    kind: blocked-terms\n    description: No shouting.\n"
                + "    verdict: DENY\n    patterns: [\"LOUD\"]\n";
        String badPattern = "rules:\n  - id: shouting\n    kind: blocked-terms\n    description: No shouting.\n"
                + "    verdict: BLOCK\n    patterns: [\"(unclosed\"]\n";
        String duplicate = "rules:\n  - id: health-claims\n    kind: blocked-terms\n    description: Again.\n"
                + "    verdict: BLOCK\n    patterns: [\"cure\"]\n";
        String unknownKey = "rules:\n  - id: shouting\n    kind: blocked-terms\n    description: No shouting.\n"
                + "    verdict: BLOCK\n    pattern: [\"LOUD\"]\n";

        // when / then
        assertRefused(submit(policy, badVerdict), "rule 'shouting' has verdict 'DENY'");
        assertRefused(submit(policy, badPattern), "pattern '(unclosed' is not a valid regular expression");
        assertRefused(submit(policy, duplicate), "rule 'health-claims' is already defined in policy 'default'");
        assertRefused(submit(policy, unknownKey), "at rules[0].pattern");
        assertRefused(submit(policy, ""), "is not a valid policy file");
        assertProblem(submit("Not_A_Policy", competitorPolicy("BLOCK")), 400, "validation");
        assertProblem(http.send("POST", POLICIES + "/" + policy + "/versions", "application/json", "{}",
                asOperator()), 415, "unsupported-media-type");
        assertProblem(http.get(POLICIES + "/no-such-policy/versions", asOperator()), 404, "not-found");
        assertProblem(activate("default", 9999), 404, "not-found");
        assertProblem(http.postJson(POLICIES + "/check", "{\"text\":\"hi\",\"policyId\":\"default\"}", asOperator()),
                400, "validation");
        assertThat(count("SELECT count(*) FROM policy_version")).isEqualTo(versionsBefore);
    }

    @Test
    void should_let_auditors_read_and_refuse_them_and_users_every_change() {
        // given
        TestUser auditor = user("auditor");
        TestUser plain = user("user");
        int v1 = submit(policy, competitorPolicy("BLOCK")).json().path("version").asInt();
        String[] asAuditor = Http.bearer(auditor.accessToken());
        String[] asUser = Http.bearer(plain.accessToken());

        // then: auditors read
        assertThat(http.get(POLICIES, asAuditor).status()).isEqualTo(200);
        assertThat(http.get(POLICIES + "/" + policy + "/versions", asAuditor).status()).isEqualTo(200);
        assertThat(http.get(POLICIES + "/" + policy + "/versions/" + v1 + "/diff", asAuditor).status())
                .isEqualTo(200);
        // and change nothing
        assertProblem(http.send("POST", POLICIES + "/" + policy + "/versions/" + v1 + "/activate", null, null,
                asAuditor), 403, "forbidden");
        assertProblem(http.send("POST", POLICIES + "/" + policy + "/versions", "application/yaml",
                competitorPolicy("REVIEW"), asAuditor), 403, "forbidden");
        assertProblem(http.send("DELETE", POLICIES + "/default", null, null, asAuditor), 403, "forbidden");
        // users see nothing
        assertProblem(http.get(POLICIES, asUser), 403, "forbidden");
        assertProblem(http.postJson(POLICIES + "/check", "{\"text\":\"hi\"}", asUser), 403, "forbidden");
        assertThat(store.activeVersions()).doesNotContainKey(policy);
    }

    @Test
    void should_serve_the_same_rules_on_another_replica_when_either_one_activates() throws Exception {
        // given: a second registry on this database, as another hub replica runs it (its own gate and LISTEN
        // connection, no periodic reconcile: what converges is the PostgreSQL NOTIFY)
        PolicyRegistry other = replica();
        other.start(List.of());
        int v1 = submit(policy, competitorPolicy("BLOCK")).json().path("version").asInt();
        int v2 = submit(policy, competitorPolicy("REVIEW")).json().path("version").asInt();
        try (AutoCloseableListener listener = new AutoCloseableListener(other)) {
            // when: activated here; then judged there
            activate(policy, v1);
            await(() -> other.evaluate(input(COMPETITOR)).verdict(), "BLOCK");

            // when: v2 activated there; then judged here (this hub's listener)
            other.activate(policy, v2, "replica-operator", List.of("operator"));
            await(() -> evaluate(COMPETITOR).verdict(), "REVIEW");
            assertThat(registry.serving()).containsEntry(policy, v2);

            // when: retired here; then gone there
            http.send("DELETE", POLICIES + "/" + policy, null, null, asOperator());
            await(() -> other.evaluate(input(COMPETITOR)).verdict(), "ALLOW");
        }
    }

    @Test
    void should_import_a_changed_file_as_active_until_an_operator_activated_an_api_version() {
        // given: a replica started with a policies folder holding one file of this policy
        PolicyRegistry replica = replica();
        String source = "file:target/policies/" + policy + ".yaml";
        added.add(policy);

        // when: started with it, then again unchanged
        replica.start(List.of(new PolicyFiles.PolicyText(policy, source, competitorPolicy("BLOCK"))));
        replica.start(List.of(new PolicyFiles.PolicyText(policy, source, competitorPolicy("BLOCK"))));

        // then: one active version from the file
        List<PolicyVersion> versions = store.list(policy);
        assertThat(versions).extracting(PolicyVersion::status).containsExactly("active");
        assertThat(versions.get(0).source()).isEqualTo(source);
        assertThat(replica.evaluate(input(COMPETITOR)).verdict()).isEqualTo("BLOCK");

        // when: the file changes while the policy serves a file version; then the change is active
        replica.start(List.of(new PolicyFiles.PolicyText(policy, source, competitorPolicy("REVIEW"))));
        assertThat(replica.evaluate(input(COMPETITOR)).verdict()).isEqualTo("REVIEW");

        // when: an operator activates a version through the API, and the file changes again
        int api = submit(policy, competitorPolicy("BLOCK").replace("No competitor", "Never a competitor"))
                .json().path("version").asInt();
        activate(policy, api);
        replica.start(List.of(new PolicyFiles.PolicyText(policy, source,
                competitorPolicy("REVIEW").replace("Zorblax", "Zorblax|Quenchmax"))));

        // then: the operator's version keeps serving; the file is only a candidate
        assertThat(replica.evaluate(input(COMPETITOR)).verdict()).isEqualTo("BLOCK");
        assertThat(store.list(policy)).extracting(PolicyVersion::status)
                .containsExactly("candidate", "active", "retired", "retired");
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'policy.import' "
                + "AND actor = 'system:file-import'", policy)).isEqualTo(3);
    }

    private PolicyRegistry replica() {
        PolicyVersionStore otherStore = new PolicyVersionStore(new JdbcTemplate(dataSource), tx, "hub_policy_change");
        return new PolicyRegistry(otherStore, audit, PolicyFiles.platforms(new PathMatchingResourcePatternResolver(),
                "classpath:config/platforms.yaml"), SemanticPolicy.Factory.of(embeddings, calibration, 0.6, 0.5));
    }

    /** The replica's LISTEN connection, stopped at the end of the test. */
    private final class AutoCloseableListener implements AutoCloseable {

        private final PostgresListener listener;

        AutoCloseableListener(PolicyRegistry replica) {
            listener = new PostgresListener(dataSource, "hub_policy_change", "policy-listen-replica",
                    replica::reconcile);
            listener.start();
        }

        @Override
        public void close() {
            listener.destroy();
        }
    }

    private void await(java.util.concurrent.Callable<String> verdict, String expected) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(verdict, expected::equals);
    }

    private static String competitorPolicy(String verdict) {
        return """
                # an operator's policy
                rules:
                  - id: competitor-brands
                    kind: blocked-terms
                    description: No competitor brand names in our posts.
                    verdict: %s
                    patterns: ["Zorblax"]
                """.formatted(verdict);
    }

    private Http.Answer submit(String id, String yaml) {
        added.add(id);
        return http.send("POST", POLICIES + "/" + id + "/versions", "application/yaml", yaml, asOperator());
    }

    private Http.Answer activate(String id, int version) {
        return http.send("POST", POLICIES + "/" + id + "/versions/" + version + "/activate", null, null, asOperator());
    }

    private JsonNode check(String text, String id, Integer version) {
        String body = "{\"text\":" + jsonString(text) + ",\"platforms\":[\"tiktok\"]"
                + (id == null ? "" : ",\"policyId\":\"" + id + "\",\"version\":" + version) + "}";
        Http.Answer answer = http.postJson(POLICIES + "/check", body, asOperator());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private PolicyDecision evaluate(String text) {
        return producer.requestBody("direct:policy-evaluate", input(text), PolicyDecision.class);
    }

    private static PolicyInput input(String text) {
        return new PolicyInput(text, List.of("tiktok"), false);
    }

    private void assertRefused(Http.Answer answer, String detail) {
        assertProblem(answer, 422, "unprocessable");
        assertThat(answer.json().path("detail").asText()).contains(detail);
    }

    private static JsonNode find(JsonNode policies, String id) {
        for (JsonNode p : policies) {
            if (p.path("policyId").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no policy " + id + " in " + policies);
    }

    private String[] asOperator() {
        return Http.bearer(operator.accessToken());
    }

    /** A policy id of letters only (log lines of the test carry no digit runs). */
    private static String newPolicyId() {
        Random random = new Random();
        StringBuilder id = new StringBuilder("it-");
        for (int i = 0; i < 10; i++) {
            id.append((char) ('a' + random.nextInt(26)));
        }
        return id.toString();
    }
}
