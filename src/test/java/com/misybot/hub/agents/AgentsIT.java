package com.misybot.hub.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agents end to end over HTTP, as a user meets them (offline provider, real RabbitMQ): one session asks for an
 * FAQ answer, a caption idea and a video script, and each reply comes from the right agent within ?wait; an unclear
 * message gets a clarifying question; the events stream shows the turns as they are written.
 */
class AgentsIT extends HubIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.StringRedisTemplate redis;

    private TestUser alice;
    private String session;

    @BeforeEach
    void loadKnowledge() {
        String operator = user("operator").accessToken();
        assertThat(http.postJson("/api/v1/knowledge/faq/documents", """
                [{"id":"faq-refund","text":"Refunds can be requested within 30 days of purchase from the Orders page."},
                 {"id":"faq-password","text":"To reset your password, open Settings, choose Security and click Reset."}]""",
                Http.bearer(operator)).status()).isEqualTo(200);
        assertThat(http.postJson("/api/v1/knowledge/script-templates/documents", """
                [{"id":"tpl-problem-solution","text":"Problem-solution short: hook, pain point, product demo, proof, call to action."}]""",
                Http.bearer(operator)).status()).isEqualTo(200);
        alice = user("user");
        session = newSessionId();
    }

    @Test
    void should_answer_each_request_of_a_session_from_the_right_agent_within_the_wait() {
        JsonNode faq = ask("How many days do I have to ask for a refund?");
        assertThat(faq.path("reply").path("agent").asText()).isEqualTo("faq-responder");
        assertThat(faq.path("reply").path("text").asText()).contains("30 days").contains("faq-refund");

        JsonNode captions = ask("Write three catchy hooks and captions for our vegan protein bar launch post");
        assertThat(captions.path("reply").path("agent").asText()).isEqualTo("creative-synthesizer");
        assertThat(captions.path("reply").path("text").asText()).contains("Hook:");

        JsonNode script = ask("/script a 30 second TikTok video about our vegan protein bars");
        assertThat(script.path("reply").path("agent").asText()).isEqualTo("video-scriptor");
        assertThat(script.path("reply").path("text").asText()).contains("tiktok, 30 s").contains("tpl-problem-solution");

        // the replies are assistant turns of the session, each naming its agent
        JsonNode turns = http.get("/api/v1/sessions/" + session, Http.bearer(alice.accessToken())).json().path("turns");
        List<String> agents = new ArrayList<>();
        turns.forEach(t -> {
            if (t.path("role").asText().equals("assistant")) {
                agents.add(t.path("agent").asText());
            }
        });
        assertThat(agents).containsExactly("faq-responder", "creative-synthesizer", "video-scriptor");
        // the hand-over to each agent went with a context snapshot of the session
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE session_id = ?", session)).isEqualTo(3);
    }

    @Test
    void should_ask_a_clarifying_question_when_the_intent_is_unclear() {
        JsonNode unclear = ask("hmm");
        assertThat(unclear.path("reply").path("agent").asText()).isEqualTo("front-desk");
        assertThat(unclear.path("reply").path("text").asText()).contains("?");
        assertThat(count("SELECT count(*) FROM context_snapshot WHERE session_id = ?", session)).isZero();
    }

    @Test
    void should_keep_an_unclear_follow_up_with_the_agent_the_session_is_talking_to() {
        assertThat(ask("/script a 30 second TikTok video about our vegan protein bars").path("reply").path("agent")
                .asText()).isEqualTo("video-scriptor");
        // the active session is in Redis
        assertThat(redis.opsForValue().get("hub:frontdesk:session:" + session)).contains("video-scriptor");
        assertThat(redis.getExpire("hub:frontdesk:session:" + session)).isPositive();
        // the router alone puts the caption agent barely ahead of video-scriptor: the conversation stays with the script
        JsonNode followUp = ask("shorter please");
        assertThat(followUp.path("reply").path("agent").asText()).isEqualTo("video-scriptor");
        // the same words in a new session are not taken for a script
        session = newSessionId();
        assertThat(ask("shorter please").path("reply").path("agent").asText()).isNotEqualTo("video-scriptor");
    }

    @Test
    void should_refuse_a_bad_wait_before_storing_anything() {
        Http.Answer bad = http.postJson("/api/v1/sessions/" + session + "/messages?wait=31", "{\"text\":\"hello\"}",
                Http.bearer(alice.accessToken()));
        assertProblem(bad, 400, "bad-request");
        assertThat(count("SELECT count(*) FROM context_turn WHERE session_id = ?", session)).isZero();
    }

    @Test
    void should_stream_new_turns_of_the_session_as_server_sent_events() throws Exception {
        ask("How do I reset my password?");
        // a stream opened now, resuming after the first turn, sees the reply and what follows
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sessions/"
                        + session + "/events")).header("Authorization", "Bearer " + alice.accessToken())
                .header("Last-Event-ID", "1").header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> read(response, 4));
        http.postJson("/api/v1/sessions/" + session + "/messages", "{\"text\":\"thanks!\"}",
                Http.bearer(alice.accessToken()));
        List<String> events = lines.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events.get(0)).startsWith("id:2");
        assertThat(events.get(1)).contains("\"agent\":\"faq-responder\"").contains("\"role\":\"assistant\"");
        assertThat(events.get(2)).startsWith("id:3");
        assertThat(events.get(3)).contains("thanks!");
        // another user gets 404, like reading the session
        HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/sessions/" + session + "/events"))
                .header("Authorization", "Bearer " + user("user").accessToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private JsonNode ask(String text) {
        Http.Answer answer = http.postJson("/api/v1/sessions/" + session + "/messages?wait=25",
                "{\"text\":\"" + text + "\"}", Http.bearer(alice.accessToken()));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** The first {@code n} "id:" and "data:" lines of the stream. */
    private static List<String> read(HttpResponse<java.io.InputStream> response, int n) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while (lines.size() < n && (line = reader.readLine()) != null) {
                if (line.startsWith("id:") || line.startsWith("data:")) {
                    lines.add(line);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }
}
