package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.RouteValidator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.HubProcess;
import com.misybot.hub.support.LoadGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The governed route registry through HTTP, with a load generator calling the route being replaced: refused YAML
 * changes nothing, activations and rollbacks fail no request, rollback restores the previous answer, a version
 * that does not start or fails too often is rolled back, every change is audited, and a second hub process on the
 * same database converges. Runs in the shared test context (default hub.routes settings: watch every 3 s, at
 * least 20 exchanges, error rate over 0.5).
 */
class RouteRegistryIT extends HubIntegrationTest {

    private static final String ROUTES = "/api/v1/admin/routes";

    @Autowired
    private Environment environment;
    @Autowired
    private RouteValidator validator;
    @Autowired
    private RouteVersionStore store;
    @Autowired
    private OperatorRouteRegistry registry;
    @Autowired
    private com.misybot.hub.governance.audit.AuditLog auditLog;

    private TestUser operator;
    private TestUser user;
    private final List<String> units = new ArrayList<>();

    @BeforeEach
    void callers() {
        operator = user("operator");
        user = user("user");
    }

    @AfterEach
    void retireUnits() {
        // units of this test must not be loaded by the next hub started on this database
        for (String unit : units) {
            http.send("DELETE", ROUTES + "/" + unit, null, null, asOperator());
        }
    }

    @Test
    void should_serve_every_shipped_file_as_an_active_unit_when_the_hub_started() throws Exception {
        // given: the operator files shipped in routes/ (imported at start through the full validator, dry run
        // included, as superadmin)
        List<String> files;
        try (Stream<Path> paths = Files.walk(Path.of("routes"))) {
            files = paths.filter(p -> p.getFileName().toString().endsWith(".camel.yaml"))
                    .map(p -> p.toString().replace('\\', '/')).sorted().toList();
        }
        assertThat(files).contains("routes/pipelines/viralization.camel.yaml", "routes/agents/faq-responder.camel.yaml");

        // when
        JsonNode listed = http.get(ROUTES, asOperator()).json();

        // then: each file is one unit, active, running on this hub in its active version, with the file as source
        Map<String, JsonNode> bySource = new LinkedHashMap<>();
        listed.forEach(u -> bySource.put(u.path("source").asText(), u));
        for (String file : files) {
            JsonNode unit = bySource.get(file);
            assertThat(unit).as("unit imported from " + file + " in " + listed).isNotNull();
            assertThat(unit.path("status").asText()).as(file + ": " + unit).isEqualTo("active");
            assertThat(unit.path("activeVersion").isInt()).as(file + ": " + unit).isTrue();
            assertThat(unit.path("runningVersion").asInt()).as(file + ": " + unit)
                    .isEqualTo(unit.path("activeVersion").asInt());
        }
    }

    @Test
    void should_refuse_each_broken_yaml_with_422_naming_its_line_when_submitted_under_load() throws Exception {
        // given: an echo route serving v1, called all the time
        Echo echo = echo();
        activate(echo.unit, submit(echo.yaml("one")));
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("broken YAML syntax", echo.yaml("one").replace("      steps:", "      steps: [\n  - oops: {"));
        broken.put("a schema error", echo.yaml("one").replace("        - setBody:", "        - setBodyy:"));
        broken.put("an unknown component", echo.withStep("        - to:\n            uri: nosuchcomponent:x"));
        broken.put("an unknown bean", echo.withStep("        - process:\n            ref: noSuchProcessorBean"));
        broken.put("a missing kamelet parameter", echo.withStep("        - to:\n            uri: kamelet:social-publish-sink"));
        broken.put("a disallowed component (exec)", echo.withStep("        - to:\n            uri: exec:ls"));
        int versionsBefore = versions(echo.unit).size();

        try (LoadGenerator load = LoadGenerator.start(url(echo.path), user.accessToken(), 4)) {
            load.awaitMore(50, Duration.ofSeconds(20));
            // when / then
            for (Map.Entry<String, String> bad : broken.entrySet()) {
                Http.Answer answer = http.send("POST", ROUTES, "application/yaml", bad.getValue(), asOperator());
                assertProblem(answer, 422, "invalid-routes");
                JsonNode errors = answer.json().path("errors");
                assertThat(errors).as(bad.getKey() + ": " + answer.body()).isNotEmpty();
                int lines = bad.getValue().split("\n").length;
                assertThat(errors).as(bad.getKey() + " names a line of the text: " + answer.body())
                        .anySatisfy(e -> assertThat(e.path("line").asInt()).isBetween(1, lines));
                load.awaitMore(20, Duration.ofSeconds(10));
            }
            load.close();

            // then: nothing stored, v1 answered every request
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
            assertThat(load.bodies()).containsExactly("one");
        }
        assertThat(versions(echo.unit)).hasSize(versionsBefore);
        assertThat(unit(echo.unit).path("activeVersion").asInt()).isEqualTo(1);
    }

    @Test
    void should_fail_no_request_when_20_activations_and_rollbacks_alternate_under_load() throws Exception {
        // given: v1 answers "one", v2 answers "two"
        Echo echo = echo();
        int v1 = submit(echo.yaml("one"));
        int v2 = submit(echo.yaml("two"));
        activate(echo.unit, v1);

        try (LoadGenerator load = LoadGenerator.start(url(echo.path), user.accessToken(), 4)) {
            load.awaitMore(50, Duration.ofSeconds(20));
            // when: activate v2, roll back to v1, ten times each
            for (int i = 0; i < 10; i++) {
                JsonNode active = activate(echo.unit, v2);
                assertThat(active.path("version").asInt()).isEqualTo(v2);
                assertThat(http.get(echo.path, asUser()).body()).isEqualTo("two");
                load.awaitMore(10, Duration.ofSeconds(10));

                Http.Answer back = http.postJson(ROUTES + "/" + echo.unit + "/rollback", "{}", asOperator());
                assertThat(back.status()).as(back.body()).isEqualTo(200);
                assertThat(back.json().path("version").asInt()).isEqualTo(v1);
                // then: rollback restores the previous behaviour
                assertThat(http.get(echo.path, asUser()).body()).isEqualTo("one");
                load.awaitMore(10, Duration.ofSeconds(10));
            }
            load.close();

            // then: not one request failed, and both versions answered
            System.out.printf("RouteRegistryIT: %d requests during 20 swaps, %d failed%n", load.ok() + load.failed(),
                    load.failed());
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
            assertThat(load.bodies()).containsExactlyInAnyOrder("one", "two");
            assertThat(load.ok()).isGreaterThan(200);
        }
        // then: each change is one audit record naming the version and its sha256
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'route.submit'", echo.unit))
                .isEqualTo(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action IN ('route.activate', "
                + "'route.rollback')", echo.unit)).isEqualTo(21);
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'route.rollback' "
                + "AND details->>'version' = ? AND details->>'sha256' IS NOT NULL", echo.unit, String.valueOf(v1)))
                .isEqualTo(10);
        assertThat(count("SELECT count(*) FROM route_version WHERE route_id = ? AND status = 'active'", echo.unit))
                .isEqualTo(1);
    }

    @Test
    void should_put_the_previous_version_back_when_the_new_one_does_not_start() throws Exception {
        // given: echo v1 serves, and another unit already consumes direct:<taken>
        Echo echo = echo();
        int v1 = submit(echo.yaml("one"));
        activate(echo.unit, v1);
        String taken = "ext-taken-" + suffix();
        String other = "- route:\n    id: " + taken + "\n    from:\n      uri: direct:" + taken
                + "\n      steps:\n        - setBody:\n            constant: taken\n";
        units.add(taken);
        activate(taken, submit(other));
        // v2 also consumes direct:<taken>: valid on its own, it cannot start next to the other unit
        int v2 = submit(echo.yaml("two") + "- route:\n    id: " + echo.unit + "-second\n    from:\n      uri: direct:"
                + taken + "\n      steps:\n        - setBody:\n            constant: second\n");

        try (LoadGenerator load = LoadGenerator.start(url(echo.path), user.accessToken(), 4)) {
            load.awaitMore(50, Duration.ofSeconds(20));
            // when
            Http.Answer answer = http.send("POST", ROUTES + "/" + echo.unit + "/versions/" + v2 + "/activate",
                    null, null, asOperator());
            load.awaitMore(20, Duration.ofSeconds(10));
            load.close();

            // then: refused with a problem, v1 serves again, v2 is marked failed with its error
            assertProblem(answer, 409, "route-start-failed");
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
            assertThat(load.bodies()).containsExactly("one");
        }
        assertThat(http.get(echo.path, asUser()).body()).isEqualTo("one");
        JsonNode failed = versions(echo.unit).get(0);
        assertThat(failed.path("version").asInt()).isEqualTo(v2);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("did not start");
        assertThat(unit(echo.unit).path("activeVersion").asInt()).isEqualTo(v1);
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'route.activate-failed'",
                echo.unit)).isEqualTo(1);
    }

    @Test
    void should_roll_back_automatically_when_the_error_rate_after_activation_is_over_the_limit() throws Exception {
        // given: v1 answers, v2 refuses every request (a failed validate step)
        Echo echo = echo();
        int v1 = submit(echo.yaml("one"));
        activate(echo.unit, v1);
        int v2 = submit(echo.yaml("two").replace("        - setBody:",
                "        - validate:\n            simple: \"${header.never-sent} != null\"\n        - setBody:"));
        activate(echo.unit, v2);

        // when: more than min-exchanges (20) requests fail (the watch may roll back before the last ones)
        int failures = 0;
        for (int i = 0; i < 25; i++) {
            failures += http.get(echo.path, asUser()).status() == 200 ? 0 : 1;
        }
        assertThat(failures).isGreaterThanOrEqualTo(20);

        // then: within a few watch periods the rollback is done (its audit record is its last step): v1 answers
        // again, and v2 is failed, by system:route-watch. The route answers "one" a moment before the store says so.
        String rolledBack = "SELECT count(*) FROM audit_log WHERE target = ? AND action = 'route.auto-rollback' "
                + "AND actor = 'system:route-watch'";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (count(rolledBack, echo.unit) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(http.get(echo.path, asUser()).body()).isEqualTo("one");
        assertThat(unit(echo.unit).path("activeVersion").asInt()).isEqualTo(v1);
        JsonNode failed = versions(echo.unit).get(0);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("error rate");
        assertThat(count(rolledBack, echo.unit)).isEqualTo(1);
    }

    @Test
    void should_list_diff_and_retire_and_answer_404_when_the_unit_or_version_is_unknown() {
        // given
        Echo echo = echo();
        int v1 = submit(echo.yaml("one"));
        int v2 = submit(echo.yaml("two"));
        activate(echo.unit, v1);
        TestUser auditor = user("auditor");

        // when / then: the diff of v2 against the active v1
        Http.Answer diff = http.get(ROUTES + "/" + echo.unit + "/versions/" + v2 + "/diff", asOperator());
        assertThat(diff.status()).as(diff.body()).isEqualTo(200);
        assertThat(diff.json().path("against").asInt()).isEqualTo(v1);
        assertThat(diff.json().path("diff").asText()).contains("--- operator:" + echo.unit + "@v1.camel.yaml",
                "+++ operator:" + echo.unit + "@v2.camel.yaml", "-            constant: one", "+            constant: two");
        // an auditor reads, but may not change
        Http.Answer list = http.get(ROUTES, Http.bearer(auditor.accessToken()));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).anySatisfy(u -> {
            assertThat(u.path("routeId").asText()).isEqualTo(echo.unit);
            assertThat(u.path("activeVersion").asInt()).isEqualTo(v1);
            assertThat(u.path("latestVersion").asInt()).isEqualTo(v2);
            assertThat(u.path("runningVersion").asInt()).isEqualTo(v1);
            assertThat(u.path("source").asText()).isEqualTo("api");
        });
        assertProblem(http.send("POST", ROUTES + "/" + echo.unit + "/versions/" + v2 + "/activate", null, null,
                Http.bearer(auditor.accessToken())), 403, "forbidden");
        assertThat(http.get(echo.path, asUser()).body()).isEqualTo("one");
        // unknown units and versions
        assertProblem(http.get(ROUTES + "/no-such-unit/versions", asOperator()), 404, "not-found");
        assertProblem(http.send("POST", ROUTES + "/" + echo.unit + "/versions/99/activate", null, null,
                asOperator()), 404, "not-found");
        assertProblem(http.send("DELETE", ROUTES + "/no-such-unit", null, null, asOperator()), 404, "not-found");

        // when: retired
        Http.Answer retired = http.send("DELETE", ROUTES + "/" + echo.unit, null, null, asOperator());

        // then: the path is gone, the versions stay
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        Http.Answer gone = http.get(echo.path, asUser());
        assertThat(gone.status()).as(gone.body()).isEqualTo(404);
        assertThat(versions(echo.unit)).hasSize(2);
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'route.retire'", echo.unit))
                .isEqualTo(1);
    }

    @Test
    void should_serve_the_same_version_on_a_second_hub_process_when_either_one_changes_it() throws Exception {
        // given: a second hub (the packaged jar) on this hub's database; tokens work on both (shared signing keys).
        // The reconcile is slow there: what converges within seconds is the PostgreSQL NOTIFY.
        Echo echo = echo();
        int v1 = submit(echo.yaml("one"));
        int v2 = submit(echo.yaml("two"));
        try (HubProcess other = HubProcess.start("route-registry-replica", Map.of(),
                "--spring.profiles.active=services,test",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--hub.bus.transport=local", "--hub.saga.mode=memory",
                "--hub.embedded.data-dir=target/route-registry-replica", "--hub.routes.sync-interval=60s")) {
            Http there = new Http(other.port());

            // when: activated here; then served there
            activate(echo.unit, v1);
            awaitAnswer(there, echo.path, "one");

            // when: v2 activated there; then served here
            Http.Answer activated = there.send("POST", ROUTES + "/" + echo.unit + "/versions/" + v2 + "/activate",
                    null, null, asOperator());
            assertThat(activated.status()).as(activated.body()).isEqualTo(200);
            awaitAnswer(http, echo.path, "two");

            // when: rolled back here; then there too, and both report the same running version
            assertThat(http.postJson(ROUTES + "/" + echo.unit + "/rollback", "{}", asOperator()).status())
                    .isEqualTo(200);
            awaitAnswer(there, echo.path, "one");
            assertThat(runningVersion(there, echo.unit)).isEqualTo(v1);
            assertThat(runningVersion(http, echo.unit)).isEqualTo(v1);

            // when: retired there; then gone here
            assertThat(there.send("DELETE", ROUTES + "/" + echo.unit, null, null, asOperator()).status())
                    .isEqualTo(200);
            awaitAnswer(http, echo.path, "404");
        }
    }

    @Test
    void should_import_a_changed_file_as_active_until_an_operator_activated_an_api_version(@TempDir Path dir)
            throws Exception {
        // given: a routes folder with one file (imported as at start)
        Echo echo = echo();
        Path file = dir.resolve("ext").resolve(echo.unit + ".camel.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, echo.yaml("one"));
        RouteFiles files = new RouteFiles(new OperatorRoutesProperties(dir.toString(), false, Duration.ofSeconds(3),
                "hub_route_change", Duration.ofSeconds(30), Duration.ofSeconds(10),
                new OperatorRoutesProperties.Activation(0.5, Duration.ofMinutes(2), 20)), validator, store, registry,
                auditLog);

        // when: imported, then imported again unchanged
        files.importFiles();
        files.importFiles();
        registry.reconcile(false);

        // then: one active version from the file, serving
        List<JsonNode> versions = versions(echo.unit);
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).path("status").asText()).isEqualTo("active");
        assertThat(versions.get(0).path("source").asText()).endsWith("ext/" + echo.unit + ".camel.yaml");
        assertThat(http.get(echo.path, asUser()).body()).isEqualTo("one");

        // when: the shipped file changes while the unit runs a file version; then the change is active
        Files.writeString(file, echo.yaml("two"));
        files.importFiles();
        registry.reconcile(false);
        assertThat(http.get(echo.path, asUser()).body()).isEqualTo("two");

        // when: an operator activates a version through the API, and the file changes again
        activate(echo.unit, submit(echo.yaml("three")));
        Files.writeString(file, echo.yaml("four"));
        files.importFiles();
        registry.reconcile(false);

        // then: the operator's version keeps serving; the file is only a candidate
        assertThat(http.get(echo.path, asUser()).body()).isEqualTo("three");
        versions = versions(echo.unit);
        assertThat(versions).extracting(v -> v.path("status").asText())
                .containsExactly("candidate", "active", "retired", "retired");
        assertThat(count("SELECT count(*) FROM audit_log WHERE target = ? AND action = 'route.import' "
                + "AND actor = 'system:file-import'", echo.unit)).isEqualTo(3);
    }

    /** Polls {@code path} until it answers {@code expected} (the body of a 200, else the status), at most 10 s. */
    private void awaitAnswer(Http hub, String path, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            Http.Answer answer = hub.get(path, asUser());
            last = answer.status() == 200 ? answer.body() : String.valueOf(answer.status());
            if (expected.equals(last)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(last).as("answer of " + path + " after 10 s").isEqualTo(expected);
    }

    private int runningVersion(Http hub, String unit) {
        for (JsonNode u : hub.get(ROUTES, asOperator()).json()) {
            if (u.path("routeId").asText().equals(unit)) {
                return u.path("runningVersion").asInt();
            }
        }
        return 0;
    }

    /** An echo unit with a fresh id and path. */
    private Echo echo() {
        String id = "ext-echo-" + suffix();
        units.add(id);
        return new Echo(id, "/api/v1/ext/" + id);
    }

    private record Echo(String unit, String path) {

        String yaml(String answer) {
            return "- route:\n"
                    + "    id: " + unit + "\n"
                    + "    from:\n"
                    + "      uri: platform-http:" + path + "\n"
                    + "      parameters:\n"
                    + "        httpMethodRestrict: GET\n"
                    + "      steps:\n"
                    + "        - setBody:\n"
                    + "            constant: " + answer + "\n";
        }

        String withStep(String step) {
            return yaml("one") + step + "\n";
        }
    }

    private int submit(String yaml) {
        Http.Answer answer = http.send("POST", ROUTES, "application/yaml", yaml, asOperator());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("version").asInt();
    }

    private JsonNode activate(String unit, int version) {
        Http.Answer answer = http.send("POST", ROUTES + "/" + unit + "/versions/" + version + "/activate", null,
                null, asOperator());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("active");
        return answer.json();
    }

    private List<JsonNode> versions(String unit) {
        Http.Answer answer = http.get(ROUTES + "/" + unit + "/versions", asOperator());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> versions = new ArrayList<>();
        answer.json().path("versions").forEach(versions::add);
        return versions;
    }

    private JsonNode unit(String unit) {
        for (JsonNode u : http.get(ROUTES, asOperator()).json()) {
            if (u.path("routeId").asText().equals(unit)) {
                return u;
            }
        }
        throw new AssertionError("no unit " + unit);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String[] asOperator() {
        return Http.bearer(operator.accessToken());
    }

    private String[] asUser() {
        return Http.bearer(user.accessToken());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
