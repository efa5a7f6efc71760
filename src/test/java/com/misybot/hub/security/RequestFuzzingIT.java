package com.misybot.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of every JSON request schema of the OpenAPI document (jqwik generators of
 * {@link HostileBodies}, seeded so a failure can be replayed with {@code -Dowasp.fuzz.seed=…}): each body is posted
 * with a valid token of a role the operation allows. No answer is a 5xx or names a class or stack frame, every 4xx
 * is problem+json, and no row is written (all bodies are invalid by construction, see HostileBodiesTest). Then the
 * schema-valid hostile values (NUL, lone surrogates, invisible text, injection strings, extreme numbers) are sent in
 * each free-text member: they may be stored, but never crash the hub.
 */
class RequestFuzzingIT extends SecurityIntegrationTest {

    private static final int BODIES = Integer.getInteger("owasp.fuzz.bodies", 5000);
    private static final String SEED = System.getProperty("owasp.fuzz.seed", Long.toString(System.nanoTime()));
    private static final int CLIENTS = 4;

    @Test
    void should_refuse_every_hostile_body_with_a_clean_4xx_and_write_nothing() throws Exception {
        // given: a caller and its objects per operation, bodies generated per operation
        OpenApiContract contract = contract();
        List<OpenApiContract.Operation> targets = contract.withBody();
        TestUser admin = user("superadmin");
        Map<String, TestUser> callers = new java.util.HashMap<>();
        Map<String, OwnedObjects> objectsByRole = new java.util.HashMap<>();
        List<Request> requests = new ArrayList<>();
        JqwikSession.start(SEED);
        try {
            int perOperation = (BODIES + targets.size() - 1) / targets.size();
            for (OpenApiContract.Operation op : targets) {
                String role = op.anonymous() ? null : op.leastPrivilegedRole();
                TestUser caller = role == null ? null : callers.computeIfAbsent(role, r -> r.equals("superadmin") ? admin : user(r));
                OwnedObjects objects = objectsByRole.computeIfAbsent(String.valueOf(role),
                        r -> objectsOf(caller == null ? admin : caller, admin));
                JsonNode valid = SchemaSamples.valid(op.requestSchema(), bodyValues(objects.pathValues()));
                HostileBodies.invalid(op.requestSchema(), valid).sampleStream().limit(perOperation).forEach(h ->
                        requests.add(new Request(op, objects.pathValues(), h, caller == null ? null : caller.accessToken())));
            }
        } finally {
            JqwikSession.finish();
        }
        Collections.shuffle(requests, new java.util.Random(SEED.hashCode()));
        Map<String, String> before = quietFingerprint();

        // when
        long started = System.nanoTime();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger serverErrors = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                Http own = new Http(port);
                for (int i = client; i < requests.size(); i += CLIENTS) {
                    Request r = requests.get(i);
                    Http.Answer answer = r.send(own);
                    if (answer.status() >= 500) {
                        serverErrors.incrementAndGet();
                    }
                    String problem = verdict(answer);
                    if (problem != null && failures.size() < 50) {
                        failures.add(r.op() + " [" + r.body().kind() + "] " + problem + " <- " + abbreviate(r.body().body()));
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        // then
        System.out.println("fuzzing: " + requests.size() + " bodies, " + targets.size() + " endpoints, "
                + serverErrors.get() + " 5xx (" + seconds + " s, seed " + SEED + ")");
        assertThat(failures).as("seed " + SEED).isEmpty();
        assertThat(requests.size()).isGreaterThanOrEqualTo(BODIES);
        assertThat(quietFingerprint()).as("rows after fuzzing (seed %s)", SEED).isEqualTo(before);
    }

    @Test
    void should_never_crash_on_schema_valid_hostile_values() {
        // given
        OpenApiContract contract = contract();
        TestUser admin = user("superadmin");
        Map<String, TestUser> callers = new java.util.HashMap<>();
        Map<String, OwnedObjects> objectsByRole = new java.util.HashMap<>();
        List<String> failures = new ArrayList<>();
        int sent = 0;

        // when: each free-text member (no pattern, no enum) of each valid body gets each hostile string
        for (OpenApiContract.Operation op : contract.withBody()) {
            String role = op.anonymous() ? null : op.leastPrivilegedRole();
            TestUser caller = role == null ? null : callers.computeIfAbsent(role, r -> r.equals("superadmin") ? admin : user(r));
            OwnedObjects objects = objectsByRole.computeIfAbsent(String.valueOf(role),
                    r -> objectsOf(caller == null ? admin : caller, admin));
            JsonNode valid = SchemaSamples.valid(op.requestSchema(), bodyValues(objects.pathValues()));
            for (String body : HostileValues.of(op.requestSchema(), valid)) {
                Request r = new Request(op, objects.pathValues(), new HostileBodies.Hostile("valid-hostile", body),
                        caller == null ? null : caller.accessToken());
                Http.Answer answer = r.send(http);
                sent++;
                String problem = answer.status() < 400 ? null : verdict(answer);
                if (problem != null) {
                    failures.add(op + " " + problem + " <- " + abbreviate(body));
                }
            }
        }

        // then
        System.out.println("fuzzing: " + sent + " schema-valid hostile bodies, " + failures.size() + " crashes");
        assertThat(failures).isEmpty();
    }

    /** Null when the answer is a clean refusal, else what is wrong with it. */
    private static String verdict(Http.Answer answer) {
        if (answer.status() >= 500) {
            return "answered " + answer.status() + " " + abbreviate(answer.body());
        }
        if (answer.status() < 400) {
            return "accepted an invalid body with " + answer.status() + " " + abbreviate(answer.body());
        }
        try {
            assertCleanProblem(answer, "answer");
            return null;
        } catch (AssertionError | RuntimeException e) {
            return "answered " + answer.status() + " without a clean problem: " + abbreviate(answer.body());
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 240 ? body.substring(0, 240) + "…(" + body.length() + " chars)" : body;
    }

    private record Request(OpenApiContract.Operation op, Map<String, String> pathValues, HostileBodies.Hostile body,
                           String token) {

        Http.Answer send(Http client) {
            String[] auth = token == null ? new String[0] : Http.bearer(token);
            return client.send(op.method(), op.uri(pathValues), "application/json", body.body(), auth);
        }
    }
}
