package com.misybot.hub.agents.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.ingress.ProblemResponder;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The post calendar against the real PostgreSQL: the in-process routes the pipeline calls, and GET /calendar. */
class PostSchedulerIT extends HubIntegrationTest {

    private static final Duration SLOT = Duration.ofMinutes(15);

    @Autowired
    ProducerTemplate producer;

    @Autowired
    ObjectMapper mapper;

    @Test
    void should_insert_one_entry_per_platform_and_return_them_again_when_the_run_is_scheduled_twice() {
        // given
        String owner = newOwner();
        String run = UUID.randomUUID().toString();
        String artifact = UUID.randomUUID().toString();
        Instant publishAt = slotIn(Duration.ofDays(3)).plus(Duration.ofMinutes(7));

        // when
        List<CalendarEntry> first = schedule(run, owner, List.of("tiktok", "instagram-reels"), publishAt, artifact);
        List<CalendarEntry> again = schedule(run, owner, List.of("tiktok", "instagram-reels"), publishAt, artifact);

        // then
        assertThat(first).extracting(CalendarEntry::platform).containsExactly("tiktok", "instagram-reels");
        assertThat(first).allSatisfy(e -> {
            assertThat(e.runId()).hasToString(run);
            assertThat(e.ownerId()).isEqualTo(owner);
            assertThat(e.publishAt()).isEqualTo(publishAt);
            assertThat(e.slotStart()).isEqualTo(publishAt.minus(Duration.ofMinutes(7)));
            assertThat(e.artifactId()).hasToString(artifact);
            assertThat(e.status()).isEqualTo("SCHEDULED");
        });
        assertThat(again).isEqualTo(first);
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE run_id = ?::uuid AND status = 'SCHEDULED'", run))
                .isEqualTo(2);
    }

    @Test
    void should_throw_conflict_and_insert_nothing_when_one_platform_slot_is_taken() {
        // given: the account already posts on tiktok in the slot
        String owner = newOwner();
        Instant slot = slotIn(Duration.ofDays(4));
        schedule(UUID.randomUUID().toString(), owner, List.of("tiktok"), slot.plus(Duration.ofMinutes(2)), null);
        String run = UUID.randomUUID().toString();

        // when: a second run wants the same slot on instagram-reels (free) and tiktok (taken)
        Exchange answer = call("calendar-schedule", scheduleVariables(run, owner,
                List.of("instagram-reels", "tiktok"), slot.plus(Duration.ofMinutes(10)), null));

        // then
        assertThat(answer.getException()).isInstanceOf(CalendarConflictException.class)
                .hasMessageContaining("tiktok").hasMessageContaining(slot.toString());
        CalendarConflictException conflict = (CalendarConflictException) answer.getException();
        assertThat(conflict.platform()).isEqualTo("tiktok");
        assertThat(conflict.slotStart()).isEqualTo(slot);
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE run_id = ?::uuid", run)).isZero();
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE owner_id = ?", owner)).isEqualTo(1);
    }

    @Test
    void should_schedule_the_same_slot_when_another_account_uses_it() {
        // given
        Instant slot = slotIn(Duration.ofDays(5));
        schedule(UUID.randomUUID().toString(), newOwner(), List.of("tiktok"), slot, null);
        String other = newOwner();

        // when
        List<CalendarEntry> entries = schedule(UUID.randomUUID().toString(), other, List.of("tiktok"), slot, null);

        // then
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.slotStart()).isEqualTo(slot);
            assertThat(e.status()).isEqualTo("SCHEDULED");
        });
        assertThat(count("SELECT count(*) FROM calendar_entry WHERE owner_id = ? AND slot_start = ?", other,
                java.sql.Timestamp.from(slot))).isEqualTo(1);
    }

    @Test
    void should_pick_the_first_slot_free_on_every_platform_when_publish_at_is_absent() {
        // given: the first four slots after the lead time are each taken on tiktok or instagram-reels
        String owner = newOwner();
        Instant first = ceil(Instant.now().plus(Duration.ofMinutes(15)));
        for (int i = 0; i < 3; i++) {
            schedule(UUID.randomUUID().toString(), owner, List.of("tiktok"), first.plus(SLOT.multipliedBy(i)), null);
        }
        schedule(UUID.randomUUID().toString(), owner, List.of("instagram-reels"), first.plus(SLOT.multipliedBy(3)),
                null);

        // when
        List<CalendarEntry> entries = schedule(UUID.randomUUID().toString(), owner,
                List.of("tiktok", "instagram-reels"), null, null);

        // then: both platforms in the fifth slot, published at its start
        Instant expected = first.plus(SLOT.multipliedBy(4));
        assertThat(entries).hasSize(2).allSatisfy(e -> {
            assertThat(e.slotStart()).isEqualTo(expected);
            assertThat(e.publishAt()).isEqualTo(expected);
        });
    }

    @Test
    void should_cancel_every_entry_of_the_run_once_and_free_their_slots_when_cancel_is_repeated() {
        // given: a run on two platforms, one of them already published (the saga cancels after taking posts down)
        String owner = newOwner();
        String run = UUID.randomUUID().toString();
        Instant slot = slotIn(Duration.ofDays(6));
        schedule(run, owner, List.of("tiktok", "youtube-shorts"), slot, null);
        Exchange published = call("calendar-mark-published", Map.of("runId", run, "platform", "tiktok"));

        // when
        Exchange cancel = call("calendar-cancel-run", Map.of("runId", run));
        Exchange cancelAgain = call("calendar-cancel-run", Map.of("runId", run));

        // then
        assertThat(published.getMessage().getBody(CalendarEntry.class).status()).isEqualTo("PUBLISHED");
        assertThat(cancel.getMessage().getBody()).isEqualTo(2);
        assertThat(cancelAgain.getMessage().getBody()).isEqualTo(0);
        assertThat(jdbc.queryForMap("SELECT max(status) FILTER (WHERE platform = 'tiktok') AS tiktok, "
                + "max(status) FILTER (WHERE platform = 'youtube-shorts') AS youtube FROM calendar_entry "
                + "WHERE run_id = ?::uuid", run)).containsEntry("tiktok", "CANCELLED")
                .containsEntry("youtube", "CANCELLED");
        // the cancelled slot is free again for another run of the account
        assertThat(schedule(UUID.randomUUID().toString(), owner, List.of("youtube-shorts"), slot, null))
                .singleElement().extracting(CalendarEntry::status).isEqualTo("SCHEDULED");
    }

    @Test
    void should_show_a_user_their_own_entries_and_an_operator_everyone_when_calendar_is_read() {
        // given
        TestUser alice = user("user");
        TestUser bob = user("user");
        TestUser operator = user("operator");
        Instant soon = slotIn(Duration.ofDays(2));
        schedule(UUID.randomUUID().toString(), alice.id(), List.of("tiktok"), soon.plus(SLOT), null);
        schedule(UUID.randomUUID().toString(), alice.id(), List.of("youtube-shorts"), soon, null);
        schedule(UUID.randomUUID().toString(), bob.id(), List.of("tiktok"), soon, null);

        // when
        Http.Answer mine = http.get("/api/v1/calendar", Http.bearer(alice.accessToken()));
        Http.Answer all = http.get("/api/v1/calendar", Http.bearer(operator.accessToken()));
        Http.Answer bobs = http.get("/api/v1/calendar?owner=" + bob.id(), Http.bearer(operator.accessToken()));
        Http.Answer spying = http.get("/api/v1/calendar?owner=" + bob.id(), Http.bearer(alice.accessToken()));

        // then
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        JsonNode calendar = mine.json();
        assertThat(Instant.parse(calendar.path("from").asText())).isBefore(Instant.now());
        assertThat(Instant.parse(calendar.path("to").asText())).isAfter(Instant.now().plus(Duration.ofDays(29)));
        assertThat(fields(calendar, "platform")).containsExactly("youtube-shorts", "tiktok");
        assertThat(fields(calendar, "ownerId")).containsOnly(alice.id());
        assertThat(calendar.path("entries").get(0).path("publishAt").asText()).isEqualTo(soon.toString());
        assertThat(all.status()).isEqualTo(200);
        assertThat(fields(all.json(), "ownerId")).contains(alice.id(), bob.id());
        assertThat(fields(bobs.json(), "ownerId")).containsExactly(bob.id());
        assertProblem(spying, 403, "forbidden");
    }

    @Test
    void should_answer_400_problem_when_the_window_is_reversed_too_long_or_unparsable() {
        // given
        TestUser alice = user("user");
        String from = "2026-01-10T00:00:00Z";

        // when
        Http.Answer reversed = http.get("/api/v1/calendar?from=" + from + "&to=2026-01-01T00:00:00Z",
                Http.bearer(alice.accessToken()));
        Http.Answer tooLong = http.get("/api/v1/calendar?from=" + from + "&to=2027-01-12T00:00:00Z",
                Http.bearer(alice.accessToken()));
        Http.Answer garbage = http.get("/api/v1/calendar?from=" + URLEncoder.encode("next tuesday",
                StandardCharsets.UTF_8), Http.bearer(alice.accessToken()));
        Http.Answer fullYear = http.get("/api/v1/calendar?from=" + from + "&to=2027-01-11T00:00:00Z",
                Http.bearer(alice.accessToken()));

        // then
        assertProblem(reversed, 400, "bad-request");
        assertThat(reversed.json().path("detail").asText()).contains("after");
        assertProblem(tooLong, 400, "bad-request");
        assertThat(tooLong.json().path("detail").asText()).contains("366 days");
        assertProblem(garbage, 400, "bad-request");
        assertThat(garbage.json().path("detail").asText()).contains("ISO-8601");
        assertThat(fullYear.status()).as(fullYear.body()).isEqualTo(200);
    }

    @Test
    void should_answer_409_calendar_conflict_problem_when_a_conflict_reaches_http() throws Exception {
        // given: the conflict as a caller of the route receives it
        Instant slot = slotIn(Duration.ofDays(1));
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new CamelExecutionException("calendar-schedule failed",
                exchange, new CalendarConflictException("acct-1", "tiktok", slot)));

        // when
        new ProblemResponder(mapper).process(exchange);

        // then
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(409);
        assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/problem+json");
        JsonNode problem = mapper.readTree(exchange.getMessage().getBody(String.class));
        assertThat(problem.path("type").asText()).isEqualTo("urn:misybot:problem:calendar-conflict");
        assertThat(problem.path("status").asInt()).isEqualTo(409);
        assertThat(problem.path("detail").asText()).contains("tiktok").contains(slot.toString());
    }

    private List<CalendarEntry> schedule(String run, String owner, List<String> platforms, Instant publishAt,
                                         String artifact) {
        Exchange answer = call("calendar-schedule", scheduleVariables(run, owner, platforms, publishAt, artifact));
        assertThat(answer.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<CalendarEntry> entries = answer.getMessage().getBody(List.class);
        return entries;
    }

    private static Map<String, Object> scheduleVariables(String run, String owner, List<String> platforms,
                                                         Instant publishAt, String artifact) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("runId", run);
        variables.put("ownerId", owner);
        variables.put("platforms", platforms);
        variables.put("publishAt", publishAt == null ? null : publishAt.toString());
        variables.put("artifactId", artifact);
        return variables;
    }

    private Exchange call(String route, Map<String, Object> variables) {
        return producer.send("direct:" + route, e -> variables.forEach(e::setVariable));
    }

    private static List<String> fields(JsonNode calendar, String field) {
        List<String> values = new ArrayList<>();
        calendar.path("entries").forEach(e -> values.add(e.path(field).asText()));
        return values;
    }

    private static String newOwner() {
        return "acct-" + UUID.randomUUID();
    }

    /** A slot start about {@code ahead} from now. */
    private static Instant slotIn(Duration ahead) {
        return ceil(Instant.now().plus(ahead));
    }

    /** {@code at} rounded up to a 15-minute slot start (slots are counted from the epoch). */
    private static Instant ceil(Instant at) {
        long slot = SLOT.toSeconds();
        long seconds = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
        return Instant.ofEpochSecond(Math.floorDiv(seconds + slot - 1, slot) * slot);
    }
}
