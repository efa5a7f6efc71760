package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * OWASP API1:2023 Broken Object Level Authorization. Every operation of the OpenAPI document that names a user's
 * object in its path (a session, its context and snapshots, a saga run) is called by another ordinary user for an
 * object the first user created: 404, exactly as for an object that does not exist (no 403 that confirms it
 * exists, no 200), and the database is unchanged. Ids carried in bodies and queries get the same treatment.
 */
class ObjectLevelAuthorizationIT extends SecurityIntegrationTest {

    /** Path parameters that name an object owned by one user. */
    private static final Set<String> OWNED = Set.of("sessionId", "snapshotRef", "runId");

    @Test
    void should_answer_404_and_change_nothing_when_another_user_names_an_object_in_the_path() {
        // given: alice's objects, and bob, an ordinary user like her
        OpenApiContract contract = contract();
        TestUser alice = user("user");
        TestUser bob = user("user");
        OwnedObjects objects = objectsOf(alice, user("operator"));
        List<OpenApiContract.Operation> attacked = contract.operations().stream()
                .filter(op -> op.allows("user") && op.pathParameters().stream().anyMatch(OWNED::contains)).toList();
        assertThat(attacked).as("operations naming a user's object").hasSizeGreaterThanOrEqualTo(6);
        Map<String, String> before = quietFingerprint();

        // when: bob calls each of them on alice's objects, with a body that would be valid for alice
        List<String> leaks = new ArrayList<>();
        for (OpenApiContract.Operation op : attacked) {
            Http.Answer answer = call(op, objects.pathValues(), validBody(op, objects.pathValues()),
                    Http.bearer(bob.accessToken()));
            if (answer.status() != 404) {
                leaks.add(op + " answered " + answer.status() + ": " + answer.body());
            } else {
                assertProblem(answer, 404, "not-found");
                assertThat(answer.body()).as(op.toString()).doesNotContain(alice.id());
            }
        }

        // then
        assertThat(leaks).as("calls of another user's object that were not 404").isEmpty();
        assertThat(fingerprint()).as("rows after bob's calls").isEqualTo(before);
        System.out.println("API1: " + attacked.size() + " operations refused another user's objects with 404");
    }

    @Test
    void should_serve_the_owner_the_same_objects_another_user_was_refused() {
        // given
        OpenApiContract contract = contract();
        TestUser alice = user("user");
        OwnedObjects objects = objectsOf(alice, user("operator"));

        // when / then: the 404s above are not 404s because the objects do not exist
        for (OpenApiContract.Operation op : contract.operations()) {
            if (op.method().equals("GET") && op.allows("user") && !op.streams()
                    && op.pathParameters().stream().anyMatch(OWNED::contains)) {
                Http.Answer answer = call(op, objects.pathValues(), null, Http.bearer(alice.accessToken()));
                assertThat(answer.status()).as(op + ": " + answer.body()).isEqualTo(200);
            }
        }
    }

    @Test
    void should_refuse_ids_of_another_users_objects_in_bodies_and_queries() {
        // given
        TestUser alice = user("user");
        TestUser bob = user("user");
        OwnedObjects objects = objectsOf(alice, user("operator"));
        String aliceSession = objects.pathValues().get("sessionId");
        awaitCalendarEntry(alice);
        Map<String, String> before = quietFingerprint();

        // when
        Http.Answer search = http.postJson("/api/v1/search", "{\"query\":\"cold brew\",\"scope\":\"session\","
                + "\"sessionId\":\"" + aliceSession + "\"}", Http.bearer(bob.accessToken()));
        Http.Answer run = http.postJson("/api/v1/pipelines/viralization/runs", "{\"sessionId\":\"" + aliceSession
                + "\",\"brief\":\"steal this session\",\"platforms\":[\"tiktok\"]}", Http.bearer(bob.accessToken()));
        Http.Answer calendarOfAlice = http.get("/api/v1/calendar?owner=" + alice.id(), Http.bearer(bob.accessToken()));
        Http.Answer calendarOfNobody = http.get("/api/v1/calendar?owner=" + java.util.UUID.randomUUID(),
                Http.bearer(bob.accessToken()));
        Http.Answer bobsCalendar = http.get("/api/v1/calendar", Http.bearer(bob.accessToken()));

        // then
        assertProblem(search, 404, "not-found");
        assertProblem(run, 404, "not-found");
        // the owner filter is an operator's: refused the same whether the account exists or not
        assertProblem(calendarOfAlice, 403, "forbidden");
        assertProblem(calendarOfNobody, 403, "forbidden");
        assertThat(calendarOfAlice.json().path("detail")).isEqualTo(calendarOfNobody.json().path("detail"));
        assertThat(bobsCalendar.status()).isEqualTo(200);
        assertThat(bobsCalendar.json().path("entries")).isEmpty();
        assertThat(bobsCalendar.body()).doesNotContain(alice.id());
        assertThat(fingerprint()).isEqualTo(before);
    }

    /** Alice's run reaches its schedule step in the background; her calendar then has an entry. */
    private void awaitCalendarEntry(TestUser alice) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (http.get("/api/v1/calendar", Http.bearer(alice.accessToken())).json().path("entries").size() > 0) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("alice's viralization run never scheduled a post");
    }
}
