package com.misybot.hub.agents.editor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Content pieces with versions through HTTP (issue 17, content-editor): create, edit with If-Match (a stale edit is
 * 412 and changes nothing), versions, diff, restore, search by meaning that finds an old version; a piece is its
 * owner's (others get 404, operators may read it); bad bodies are 400 and leave the stored versions as they were.
 */
class ContentsIT extends HubIntegrationTest {

    private static final String CONTENTS = "/api/v1/contents";
    private static final String FIRST = "Our cold brew steeps for twenty hours in small batches, then rests on ice.";
    private static final String SECOND = "Cold brew, steeped twenty hours. Small batches only.";

    private TestUser owner;

    @BeforeEach
    void callers() {
        owner = user("user");
    }

    @Test
    void should_keep_every_version_refuse_a_stale_edit_diff_and_restore_when_a_piece_is_edited() {
        // given
        Http.Answer created = http.postJson(CONTENTS, "{\"title\":\"Cold brew launch\",\"text\":" + jsonString(FIRST)
                + "}", as(owner));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("version").asInt()).isEqualTo(1);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        // when: edited from version 1
        Http.Answer edited = update(id, "{\"text\":" + jsonString(SECOND) + "}", "\"1\"");

        // then: version 2, the title kept
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        assertThat(edited.json().path("version").asInt()).isEqualTo(2);
        assertThat(edited.json().path("title").asText()).isEqualTo("Cold brew launch");
        assertThat(edited.header("ETag")).isEqualTo("\"2\"");

        // when: someone else's edit was made from version 1 too (stale)
        Http.Answer stale = update(id, "{\"text\":\"A stale edit.\"}", "\"1\"");

        // then: 412, nothing stored
        assertProblem(stale, 412, "precondition-failed");
        assertThat(stale.json().path("detail").asText()).contains("at version 2, not 1");
        assertThat(http.get(CONTENTS + "/" + id, as(owner)).json().path("text").asText()).isEqualTo(SECOND);
        // the same text again is no new version; a wrong If-Match is 412 too
        assertThat(update(id, "{\"text\":" + jsonString(SECOND) + "}", "\"2\"").json().path("version").asInt())
                .isEqualTo(2);
        assertProblem(update(id, "{\"text\":\"x\"}", "\"abc\""), 412, "precondition-failed");

        // when: the diff of version 2 (against the one before)
        JsonNode diff = http.get(CONTENTS + "/" + id + "/versions/2/diff", as(owner)).json();

        // then
        assertThat(diff.path("against").asInt()).isEqualTo(1);
        assertThat(diff.path("diff").asText()).contains("--- v1", "+++ v2", "-" + FIRST, "+" + SECOND);

        // when: version 1 restored
        Http.Answer restored = http.send("POST", CONTENTS + "/" + id + "/restore", "application/json",
                "{\"version\":1}", headers(as(owner), "If-Match", "\"2\""));

        // then: a third version with version 1's text; every version kept, newest first
        assertThat(restored.status()).as(restored.body()).isEqualTo(200);
        assertThat(restored.json().path("version").asInt()).isEqualTo(3);
        assertThat(restored.json().path("text").asText()).isEqualTo(FIRST);
        assertThat(restored.json().path("origin").asText()).isEqualTo("restore");
        assertThat(restored.json().path("restoredFrom").asInt()).isEqualTo(1);
        JsonNode versions = http.get(CONTENTS + "/" + id + "/versions", as(owner)).json();
        assertThat(versions.path("currentVersion").asInt()).isEqualTo(3);
        assertThat(versions.path("versions")).extracting(v -> v.path("version").asInt() + ":" + v.path("origin").asText())
                .containsExactly("3:restore", "2:api", "1:api");
        assertProblem(http.send("POST", CONTENTS + "/" + id + "/restore", "application/json", "{\"version\":9}",
                as(owner)), 404, "not-found");
    }

    @Test
    void should_find_an_old_version_by_meaning_when_the_piece_has_moved_on() {
        // given: a piece whose first version talks about a hiking trip, then rewritten about something else
        String id = http.postJson(CONTENTS, "{\"title\":\"Weekend\",\"text\":\"We hiked to the mountain lake at "
                + "sunrise and camped by the water.\"}", as(owner)).json().path("id").asText();
        update(id, "{\"title\":\"Recipes\",\"text\":\"Three quick pasta recipes for busy weeknights.\"}", null);
        awaitEmbedded(id, 2);

        // when
        Http.Answer found = http.postJson(CONTENTS + "/search", "{\"query\":\"camping trip near a lake in the "
                + "mountains\"}", as(owner));

        // then: version 1 is found, and the answer says the piece is now at version 2
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        JsonNode first = found.json().path("results").get(0);
        assertThat(first.path("id").asText()).isEqualTo(id);
        assertThat(first.path("version").asInt()).isEqualTo(1);
        assertThat(first.path("currentVersion").asInt()).isEqualTo(2);
        assertThat(first.path("text").asText()).contains("mountain lake");
        // another user finds none of it, and the global search does not show private content
        TestUser other = user("user");
        assertThat(http.postJson(CONTENTS + "/search", "{\"query\":\"camping trip near a lake in the mountains\"}",
                as(other)).json().path("results")).isEmpty();
        JsonNode global = http.postJson("/api/v1/search", "{\"query\":\"camping trip near a lake in the mountains\","
                + "\"minScore\":0}", as(other)).json().path("results");
        assertThat(global).noneMatch(r -> r.path("kind").asText().equals("content"));
    }

    @Test
    void should_answer_404_to_others_let_operators_read_and_refuse_bad_bodies_without_a_change() {
        // given
        String id = http.postJson(CONTENTS, "{\"title\":\"Mine\",\"text\":\"Only mine.\"}", as(owner)).json()
                .path("id").asText();
        TestUser other = user("user");
        TestUser operator = user("operator");

        // then: another user cannot tell it exists
        assertProblem(http.get(CONTENTS + "/" + id, as(other)), 404, "not-found");
        assertProblem(update(id, "{\"text\":\"Taken over.\"}", null, as(other)), 404, "not-found");
        assertProblem(http.get(CONTENTS + "/" + id + "/versions", as(other)), 404, "not-found");
        assertProblem(http.get(CONTENTS + "/not-a-uuid", as(owner)), 404, "not-found");
        // an operator may read it
        assertThat(http.get(CONTENTS + "/" + id, as(operator)).status()).isEqualTo(200);
        // a session that is not the caller's is as unknown as a missing one
        assertProblem(http.postJson(CONTENTS, "{\"title\":\"t\",\"text\":\"x\",\"sessionId\":\"s-nobody\"}",
                as(owner)), 404, "not-found");
        // bad bodies: 400, and the piece is as it was
        assertProblem(http.postJson(CONTENTS, "{\"title\":\"\",\"text\":\"x\"}", as(owner)), 400, "validation");
        assertProblem(update(id, "{\"title\":\"t\"}", null), 400, "validation");
        assertProblem(update(id, "{\"text\":\"x\",\"owner\":\"me\"}", null), 400, "validation");
        assertProblem(update(id, "{\"text\":" + jsonString("x".repeat(20001)) + "}", null), 400, "validation");
        assertThat(count("SELECT count(*) FROM content_version WHERE content_id = CAST(? AS uuid)", id)).isEqualTo(1);
        assertThat(http.get(CONTENTS + "/" + id, as(owner)).json().path("text").asText()).isEqualTo("Only mine.");
    }

    @Test
    void should_store_the_edit_a_user_asks_front_desk_for_as_a_new_version_by_the_content_editor() {
        // given: a session with a piece in it
        String session = newSessionId();
        postAndAwaitReply(owner, session, "Hello");
        String id = http.postJson(CONTENTS, "{\"title\":\"Launch post\",\"text\":\"We're so excited! Our new "
                + "cold brew is here. It's smooth and bold. Don't miss the launch party on Friday!\",\"sessionId\":\""
                + session + "\"}", as(owner)).json().path("id").asText();

        // when: asked in plain words (routed by meaning), then by command
        JsonNode shorter = postAndAwaitReply(owner, session, "Can you make that text shorter?").json().path("reply");
        JsonNode formal = postAndAwaitReply(owner, session, "/edit make the wording more formal").json().path("reply");

        // then: each request is a new version written by the agent (offline model: deterministic edits)
        assertThat(shorter.path("agent").asText()).isEqualTo("content-editor");
        assertThat(shorter.path("text").asText()).startsWith("Version 2 of \"Launch post\"")
                .contains("We're so excited! Our new cold brew is here.").doesNotContain("launch party");
        assertThat(formal.path("agent").asText()).isEqualTo("content-editor");
        assertThat(formal.path("text").asText()).startsWith("Version 3 of \"Launch post\"")
                .contains("We are so excited. Our new cold brew is here.");
        JsonNode versions = http.get(CONTENTS + "/" + id + "/versions", as(owner)).json().path("versions");
        assertThat(versions).extracting(v -> v.path("version").asInt() + ":" + v.path("origin").asText() + ":"
                + v.path("instruction").asText())
                .containsExactly("3:agent:make the wording more formal", "2:agent:Can you make that text shorter?",
                        "1:api:");
        assertThat(versions.get(0).path("author").asText()).isEqualTo("agent:content-editor");
        // a session without a piece gets told how to make one
        String empty = newSessionId();
        postAndAwaitReply(owner, empty, "Hello");
        assertThat(postAndAwaitReply(owner, empty, "/edit shorten it").json().path("reply").path("text").asText())
                .contains("no content piece in this session");
    }

    private void awaitEmbedded(String id, int versions) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> count(
                "SELECT count(*) FROM content_version WHERE content_id = CAST(? AS uuid) AND embedded_at IS NOT NULL",
                id) == versions);
    }

    private Http.Answer update(String id, String body, String ifMatch) {
        return update(id, body, ifMatch, as(owner));
    }

    private Http.Answer update(String id, String body, String ifMatch, String[] auth) {
        return http.send("PUT", CONTENTS + "/" + id, "application/json", body,
                ifMatch == null ? auth : headers(auth, "If-Match", ifMatch));
    }

    private static String[] headers(String[] auth, String name, String value) {
        List<String> all = new java.util.ArrayList<>(List.of(auth));
        all.add(name);
        all.add(value);
        return all.toArray(String[]::new);
    }

    private static String[] as(TestUser user) {
        return Http.bearer(user.accessToken());
    }
}
