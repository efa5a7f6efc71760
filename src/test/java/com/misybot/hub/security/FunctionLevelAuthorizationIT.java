package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OWASP API5:2023 Broken Function Level Authorization, as a matrix generated from the OpenAPI document: every
 * operation is called by every role its {@code x-required-roles} leaves out (with a bearer token, and again with a
 * service API key of that role) and anonymously, with the path and body a permitted caller would send. Each call
 * is a 403 (401 anonymous) problem and the main tables are unchanged.
 */
class FunctionLevelAuthorizationIT extends SecurityIntegrationTest {

    @Test
    void should_refuse_every_role_the_document_leaves_out_and_change_nothing() {
        // given: one token and one API key per role, objects to name in paths
        OpenApiContract contract = contract();
        TestUser admin = user("superadmin");
        OwnedObjects objects = objectsOf(admin, admin);
        Map<String, String[]> callers = new LinkedHashMap<>();
        for (String role : OpenApiContract.ROLES) {
            callers.put(role + " token", Http.bearer(user(role).accessToken()));
            callers.put(role + " API key", new String[] {"X-Api-Key", apiKey(admin, role)});
        }
        Map<String, String> before = quietFingerprint();

        // when
        List<String> wrong = new ArrayList<>();
        int refusals = 0;
        for (OpenApiContract.Operation op : contract.operations()) {
            String body = validBody(op, objects.pathValues());
            if (!op.anonymous()) {
                Http.Answer anonymous = call(op, objects.pathValues(), body);
                refusals++;
                check(anonymous, 401, "unauthorized", op + " anonymously", wrong);
            }
            for (Map.Entry<String, String[]> caller : callers.entrySet()) {
                String role = caller.getKey().substring(0, caller.getKey().indexOf(' '));
                if (op.anonymous() || op.allows(role)) {
                    continue;
                }
                Http.Answer answer = call(op, objects.pathValues(), body, caller.getValue());
                refusals++;
                check(answer, 403, "forbidden", op + " as " + caller.getKey(), wrong);
            }
        }

        // then
        assertThat(wrong).isEmpty();
        assertThat(fingerprint()).isEqualTo(before);
        assertThat(refusals).isGreaterThan(contract.operations().size());
        System.out.println("API5: " + contract.operations().size() + " operations, " + refusals
                + " calls by roles they leave out, all refused");
    }

    @Test
    void should_let_in_every_role_the_document_names() {
        // given: the refusals above mean something only if the listed roles do get in
        OpenApiContract contract = contract();
        TestUser admin = user("superadmin");
        OwnedObjects objects = objectsOf(admin, admin);

        // when / then: a read of each GET by each listed role is neither 401 nor 403
        for (OpenApiContract.Operation op : contract.operations()) {
            if (!op.method().equals("GET") || op.streams()) {
                continue;
            }
            for (String role : op.requiredRoles()) {
                TestUser caller = role.equals("superadmin") ? admin : user(role);
                Http.Answer answer = call(op, objects.pathValues(), null, Http.bearer(caller.accessToken()));
                assertThat(answer.status()).as(op + " as " + role + ": " + answer.body()).isNotIn(401, 403);
            }
        }
    }

    private void check(Http.Answer answer, int status, String type, String what, List<String> wrong) {
        if (answer.status() != status) {
            wrong.add(what + " answered " + answer.status() + ": " + answer.body());
            return;
        }
        assertProblem(answer, status, type);
    }

    private String apiKey(TestUser admin, String role) {
        Http.Answer created = http.postJson("/api/v1/admin/api-keys", "{\"name\":\"owasp-" + role + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"" + role + "\"}",
                Http.bearer(admin.accessToken()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("apiKey").asText();
    }
}
