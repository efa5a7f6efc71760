package com.misybot.hub.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * creative-synthesizer and video-scriptor over the real bus (commands through front-desk), offline provider: each
 * reads the task's
 * context snapshot, stores its pieces as generated_artifact rows embedded into semantic memory, and replies with an
 * assistant turn; video-scriptor follows the closest template and keeps to the platform's maximum length.
 */
class GeneratingAgentsIT extends HubIntegrationTest {

    @Autowired
    MongoCollection<Document> embeddingsCollection;
    @Autowired
    ObjectMapper json;

    private TestUser alice;
    private String session;

    @BeforeEach
    void openSession() {
        alice = user("user");
        session = newSessionId();
        // the session's context; front-desk answers it too (maybe with an agent's work): wait for that to settle
        awaitReply(post("We are launching vegan protein bars for marathon runners next month."));
    }

    @Test
    void should_store_and_embed_three_variants_and_reply_with_them_when_asked_for_captions() {
        int before = count("SELECT count(*) FROM generated_artifact WHERE session_id = ?", session);
        String turnId = post("/caption ideas for the protein bars");
        Map<String, Object> reply = awaitReply(turnId);
        assertThat(reply.get("agent")).isEqualTo("creative-synthesizer");
        assertThat((String) reply.get("text")).startsWith("Here are 3 variants").contains("Hook:").contains("CTA:");
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE session_id = ? AND agent = ? AND kind = ? "
                + "AND owner_id = ?", session, "creative-synthesizer", "creative-variant", alice.id()) - before)
                .isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> embeddingsCollection.countDocuments(Filters.and(
                Filters.eq("kind", "artifact"), Filters.eq("sessionId", session), Filters.eq("ownerId", alice.id()),
                Filters.eq("metadata.replyTo", turnId))) == 3);
    }

    @Test
    void should_follow_the_closest_template_and_keep_within_the_platform_limit_when_writing_a_script() throws Exception {
        assertThat(http.postJson("/api/v1/knowledge/script-templates/documents", """
                [{"id":"tpl-problem-solution","text":"Problem-solution short: hook, pain point, product demo, proof, call to action."},
                 {"id":"tpl-unboxing","text":"Unboxing video: reveal the box, open it slowly, first reaction, details, verdict."}]""",
                Http.bearer(user("operator").accessToken())).status()).isEqualTo(200);
        // a 2 minute TikTok is longer than TikTok's 60 s rule: the script is written again within it
        int callsBefore = count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' AND session_id = ? "
                + "AND agent = 'video-scriptor'", session);
        String turnId = post("/script Write a 2 minute TikTok script showing how the protein bar fixes the pain of "
                + "hunger");
        Map<String, Object> reply = awaitReply(turnId);
        assertThat(reply.get("agent")).isEqualTo("video-scriptor");
        assertThat((String) reply.get("text")).contains("tiktok, 60 s").contains("Based on templates: ")
                .contains("tpl-problem-solution").contains("protein bar");
        JsonNode script = json.readTree(jdbc.queryForObject("SELECT content::text FROM generated_artifact "
                + "WHERE session_id = ? AND kind = 'video-script' ORDER BY created_at DESC LIMIT 1", String.class,
                session));
        assertThat(script.path("estimatedDurationSeconds").asInt()).isEqualTo(60);
        assertThat(script.path("scenes").get(script.path("scenes").size() - 1).path("end").asInt()).isEqualTo(60);
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' AND session_id = ? "
                + "AND agent = 'video-scriptor'", session) - callsBefore).as("first try, then the repair")
                .isEqualTo(2);
    }

    private String post(String text) {
        Http.Answer posted = http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"" + text + "\"}",
                Http.bearer(alice.accessToken()));
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        return posted.json().path("turnId").asText();
    }

    private Map<String, Object> awaitReply(String turnId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM context_turn "
                + "WHERE reply_to = ?::uuid", turnId) == 1);
        return jdbc.queryForMap("SELECT agent, role, text FROM context_turn WHERE reply_to = ?::uuid", turnId);
    }
}
