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
 * reads the task's context snapshot, stores its pieces as generated_artifact rows, and replies with an assistant
 * turn; route artifact-embedding embeds the rows into semantic memory after the reply; video-scriptor follows the
 * closest template and keeps to the platform's maximum length.
 */
class GeneratingAgentsIT extends HubIntegrationTest {

    @Autowired
    MongoCollection<Document> embeddingsCollection;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.apache.camel.CamelContext camel;

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
                Filters.eq("kind", "artifact"), Filters.eq("collection", "creative-variant"),
                Filters.eq("sessionId", session), Filters.eq("ownerId", alice.id()), Filters.eq("agent",
                        "creative-synthesizer"), Filters.eq("metadata.replyTo", turnId))) == 3);
        // each row is marked, and keeps no second copy of the embedded text
        await().atMost(Duration.ofSeconds(5)).until(() -> count("SELECT count(*) FROM generated_artifact WHERE "
                + "reply_to = ? AND embedded_at IS NOT NULL AND embed_text IS NULL", turnId) == 3);
        Document variant = embeddingsCollection.find(Filters.eq("metadata.replyTo", turnId)).first();
        assertThat(variant.getString("text")).contains(" ").isNotBlank();
        assertThat(variant.getString("_id")).startsWith("artifact:");
    }

    @Test
    void should_embed_a_pending_artifact_and_skip_deleted_withdrawn_and_pipeline_ones() {
        // given four artifacts of the session, oldest first: deleted, withdrawn, a pipeline run's (nothing to
        // embed), pending
        String deleted = artifact("deleted hook", "now() - interval '3 seconds'", "deleted_at = now()");
        String withdrawn = artifact("withdrawn hook", "now() - interval '2 seconds'", "status = 'withdrawn'");
        String pipeline = artifact(null, "now() - interval '1 second'", null);
        String pending = artifact("pending hook caption and call to action", "now()", null);
        // when route artifact-embedding has run, then only the pending one has a vector
        await().atMost(Duration.ofSeconds(10)).until(() -> embeddingsCollection.countDocuments(
                Filters.eq("refId", pending)) == 1);
        for (String skipped : java.util.List.of(deleted, withdrawn, pipeline)) {
            assertThat(embeddingsCollection.countDocuments(Filters.eq("refId", skipped))).as(skipped).isZero();
        }
        assertThat(count("SELECT count(*) FROM generated_artifact WHERE id IN (?::uuid, ?::uuid) AND embedded_at "
                + "IS NULL AND embed_text IS NOT NULL", deleted, withdrawn)).isEqualTo(2);
    }

    @Test
    void should_report_the_backlog_and_clear_more_than_a_batch_when_artifact_embedding_runs_again() throws Exception {
        // given route artifact-embedding stopped and 150 artifacts waiting (more than two batches of 64)
        camel.getRouteController().stopRoute("artifact-embedding");
        java.util.List<String> waiting = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                waiting.add(artifact("backlog hook number " + i + " for the protein bars", "now()", null));
            }
            // then the gauge counts them (it is read at most once a second), and so do the operators' metrics
            await().atMost(Duration.ofSeconds(5)).until(() -> pendingArtifacts() >= 150);
            Http.Answer metrics = http.get("/api/v1/admin/metrics", Http.bearer(user("auditor").accessToken()));
            assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
            assertThat(metrics.json().at("/embeddings/pendingArtifacts").asLong()).isGreaterThanOrEqualTo(150);
        } finally {
            camel.getRouteController().startRoute("artifact-embedding");
        }
        // when it runs again, then every one of them is embedded and marked, and the gauge comes down
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM generated_artifact WHERE "
                + "id = ANY(?::uuid[]) AND embedded_at IS NOT NULL", "{" + String.join(",", waiting) + "}") == 150);
        assertThat(embeddingsCollection.countDocuments(Filters.in("refId", waiting))).isEqualTo(150);
        await().atMost(Duration.ofSeconds(5)).until(() -> pendingArtifacts() < 150);
    }

    private double pendingArtifacts() {
        Http.Answer metrics = http.get("/actuator/prometheus", Http.bearer(user("operator").accessToken()));
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body().lines().filter(l -> l.startsWith("hub_embeddings_pending{") && l.contains(
                "kind=\"artifact\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no gauge hub_embeddings_pending{kind=artifact}"));
    }

    private String artifact(String embedText, String createdAt, String change) {
        String id = java.util.UUID.randomUUID().toString();
        jdbc.update("INSERT INTO generated_artifact (id, session_id, owner_id, agent, kind, content, embed_text, "
                + "reply_to, created_at) VALUES (?::uuid, ?, ?, 'creative-synthesizer', 'creative-variant', "
                + "'{}'::jsonb, ?, 'test', " + createdAt + ")", id, session, alice.id(), embedText);
        if (change != null) {
            jdbc.update("UPDATE generated_artifact SET " + change + " WHERE id = ?::uuid", id);
        }
        return id;
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
