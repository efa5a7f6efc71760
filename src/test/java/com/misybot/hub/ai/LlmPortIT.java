package com.misybot.hub.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.OpenAiStub;
import com.misybot.hub.support.TestTracing.RecentSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.api.common.AttributeKey;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The LLM port against an OpenAI-compatible server started here (real HTTP, the real LangChain4j client): token and
 * cost accounting, Retry-After honoured, structured output repaired or rejected, the breaker failing fast with 503,
 * and the per-user budget answering 429.
 */
// a hub of its own next to the shared one: closed after this class, so it never competes with the shared hub for
// queue messages or pending turns in the tests that follow
@org.springframework.test.annotation.DirtiesContext
class LlmPortIT extends HubIntegrationTest {

    private static final OpenAiStub STUB = start();
    private static final String VALID = "{\"answer\":\"Open Settings, then Security.\",\"citations\":[\"reset-password\"],"
            + "\"confident\":true}";

    /**
     * This class runs a second hub (other LLM settings) next to the one the other tests share: it gets a database of
     * its own and the in-JVM bus, so neither hub consumes the other's messages or relays the other's outbox.
     */
    @DynamicPropertySource
    static void openAi(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv().getOrDefault("HUB_TEST_LLM_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/hub_test_llm"));
        registry.add("hub.bus.transport", () -> "local");
        registry.add("hub.llm.provider", () -> "openai");
        registry.add("hub.llm.openai.base-url", STUB::baseUrl);
        registry.add("hub.llm.openai.api-key", () -> "test-key");
        registry.add("hub.llm.retry.initial-backoff", () -> "PT0.05S");
        registry.add("hub.llm.retry.max-backoff", () -> "PT3S");
        registry.add("hub.llm.rate-limit.per-user-per-minute", () -> "5");
    }

    @Autowired
    LlmPort llm;
    @Autowired
    RecentSpans spans;
    @Autowired
    ObjectMapper json;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @AfterAll
    static void stop() {
        STUB.close();
    }

    @BeforeEach
    void closeBreaker() {
        llm.breaker("openai").reset();
    }

    @Test
    void should_account_tokens_and_cost_when_the_model_answers() {
        // given
        STUB.reply(OpenAiStub.ok(VALID, 1200, 300));
        String session = newSessionId();
        // when
        LlmResponse response = llm.complete(faq(session, UUID.randomUUID().toString()));
        // then the structured answer, and one llm.call row with tokens and cost (gpt-4o-mini: 0.15 / 0.60 per 1M)
        assertThat(response.json().path("citations").get(0).asText()).isEqualTo("reset-password");
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.inputTokens()).isEqualTo(1200);
        assertThat(response.outputTokens()).isEqualTo(300);
        Map<String, Object> row = jdbc.queryForMap("SELECT agent, payload::text AS payload FROM agent_event_log "
                + "WHERE event_type = 'llm.call' AND session_id = ?", session);
        JsonNode payload = read((String) row.get("payload"));
        assertThat(row.get("agent")).isEqualTo("faq-responder");
        assertThat(payload.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(payload.path("inputTokens").asInt()).isEqualTo(1200);
        assertThat(payload.path("outputTokens").asInt()).isEqualTo(300);
        assertThat(payload.path("costUsd").asDouble()).isEqualTo((1200 * 0.15 + 300 * 0.60) / 1_000_000);
        assertThat(payload.path("outcome").asText()).isEqualTo("ok");
        // the request carried the rendered prompts and asked for JSON
        assertThat(STUB.requests().get(0)).contains("How do I reset my password?").contains("json_object");
        // and a gen_ai span
        SpanData span = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat gpt-4o-mini"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(1200L);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
    }

    @Test
    void should_send_surrogates_not_pii_to_the_provider_and_restore_the_values_in_its_answer() {
        // given the model answers with the surrogates it was given
        STUB.reply(OpenAiStub.ok("{\"answer\":\"Hello ⟦PERSON_1⟧, card ⟦CREDIT_CARD_1⟧ is blocked; we mail "
                + "⟦EMAIL_ADDRESS_1⟧.\",\"citations\":[\"reset-password\"],\"confident\":true}", 100, 20));
        String question = "I am Tamara Kovalev, my card 4929050988424425 was stolen, write to tamara.k@example.com. "
                + "Tamara Kovalev again.";
        LlmRequest request = new LlmRequest("faq-responder", "faq-responder", Map.of("question", question,
                "documents", "[reset-password] To reset your password, open Settings, then Security."),
                "faq-answer.output.json", UUID.randomUUID().toString(), newSessionId(), "corr-dlp");
        double before = meters.find("hub.dlp.outbound").tag("type", "CREDIT_CARD").counters().stream()
                .mapToDouble(c -> c.count()).sum();

        // when
        LlmResponse response = llm.complete(request);

        // then the provider never saw a value, only consistent surrogates
        String sent = STUB.requests().get(0);
        assertThat(sent).doesNotContain("Tamara").doesNotContain("Kovalev").doesNotContain("4929050988424425")
                .doesNotContain("tamara.k@example.com").contains("⟦PERSON_1⟧").contains("⟦CREDIT_CARD_1⟧")
                .contains("⟦EMAIL_ADDRESS_1⟧").doesNotContain("⟦PERSON_2⟧");
        // and the caller reads the values back
        assertThat(response.json().path("answer").asText())
                .isEqualTo("Hello Tamara Kovalev, card 4929050988424425 is blocked; we mail tamara.k@example.com.");
        assertThat(meters.find("hub.dlp.outbound").tag("type", "CREDIT_CARD").counters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(before + 1);
    }

    @Test
    void should_wait_for_retry_after_and_retry_when_the_provider_answers_429() {
        STUB.reply(OpenAiStub.error(429, Map.of("Retry-After", "1")), OpenAiStub.ok(VALID, 10, 5));
        long start = System.nanoTime();
        LlmResponse response = llm.complete(faq(newSessionId(), UUID.randomUUID().toString()));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.attempts()).isEqualTo(2);
        assertThat(STUB.requests()).hasSize(2);
        assertThat(elapsedMs).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void should_repair_an_answer_that_breaks_the_schema_once() {
        STUB.reply(OpenAiStub.ok("{\"answer\":\"Open Settings.\"}", 100, 10), OpenAiStub.ok(VALID, 120, 20));
        LlmResponse response = llm.complete(faq(newSessionId(), UUID.randomUUID().toString()));
        assertThat(response.repaired()).isTrue();
        assertThat(response.json().path("confident").asBoolean()).isTrue();
        // both calls' tokens are accounted, and the repair request named the violations
        assertThat(response.inputTokens()).isEqualTo(220);
        assertThat(STUB.requests().get(1)).contains("did not match the required JSON schema").contains("/citations");
    }

    @Test
    void should_fail_with_502_and_the_violations_when_the_repair_is_still_invalid() {
        STUB.reply(OpenAiStub.ok("not json at all", 100, 10), OpenAiStub.ok("{\"answer\":\"\"}", 100, 10));
        String session = newSessionId();
        assertThatThrownBy(() -> llm.complete(faq(session, UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.BAD_GATEWAY);
                    assertThat(e.violations()).isNotEmpty();
                });
        assertThat(count("SELECT count(*) FROM agent_event_log WHERE event_type = 'llm.call' AND session_id = ? "
                + "AND payload->>'outcome' = 'bad-gateway' AND (payload->>'inputTokens')::int = 200", session))
                .isEqualTo(1);
    }

    @Test
    void should_open_the_breaker_after_repeated_failures_and_answer_503_without_calling_the_provider() {
        STUB.reply(OpenAiStub.error(503, Map.of()));
        // retries are exhausted on each call (3 attempts), and the breaker counts every failed attempt
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> llm.complete(faq(newSessionId(), UUID.randomUUID().toString())))
                    .isInstanceOfSatisfying(ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));
        }
        int calls = STUB.requests().size();
        long start = System.nanoTime();
        assertThatThrownBy(() -> llm.complete(faq(newSessionId(), UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("circuit breaker open");
                    assertThat(e.retryAfter()).isPositive();
                });
        assertThat(STUB.requests()).hasSize(calls);
        assertThat((System.nanoTime() - start) / 1_000_000).as("fails fast").isLessThan(500);
    }

    @Test
    void should_answer_429_with_retry_after_when_a_user_exceeds_the_budget() {
        STUB.reply(OpenAiStub.ok(VALID, 10, 5));
        String user = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            llm.complete(faq(newSessionId(), user));
        }
        assertThatThrownBy(() -> llm.complete(faq(newSessionId(), user)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.TOO_MANY_REQUESTS);
                    assertThat(e.retryAfter()).isPositive();
                });
        // another user still has budget
        assertThat(llm.complete(faq(newSessionId(), UUID.randomUUID().toString())).json()).isNotNull();
    }

    @Test
    void should_answer_a_waiting_user_503_problem_with_retry_after_when_the_provider_keeps_failing() {
        // given an FAQ the front desk routes to faq-responder, and a provider that answers 503
        loadFaq();
        STUB.reply(OpenAiStub.error(503, Map.of()));
        TestUser bob = user("user");
        // when bob asks and waits
        Http.Answer answer = http.postJson("/api/v1/sessions/" + newSessionId() + "/messages?wait=25",
                "{\"text\":\"How do I reset my password?\"}", Http.bearer(bob.accessToken()));
        // then a 503 problem, not a hang, and not a 200 with an apology
        assertProblem(answer, 503, "unavailable");
        assertThat(answer.header("Retry-After")).isNotBlank();
    }

    @Test
    void should_answer_a_waiting_user_429_problem_past_the_budget() {
        loadFaq();
        STUB.reply(OpenAiStub.ok(VALID, 10, 5));
        TestUser carol = user("user");
        String session = newSessionId();
        for (int i = 0; i < 5; i++) {
            Http.Answer ok = http.postJson("/api/v1/sessions/" + session + "/messages?wait=25",
                    "{\"text\":\"How do I reset my password?\"}", Http.bearer(carol.accessToken()));
            assertThat(ok.status()).as(ok.body()).isEqualTo(200);
            assertThat(ok.json().path("reply").path("text").asText()).contains("Settings");
        }
        Http.Answer limited = http.postJson("/api/v1/sessions/" + session + "/messages?wait=25",
                "{\"text\":\"How do I reset my password?\"}", Http.bearer(carol.accessToken()));
        assertProblem(limited, 429, "too-many-requests");
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    private void loadFaq() {
        Http.Answer loaded = http.postJson("/api/v1/knowledge/faq/documents", "[{\"id\":\"reset-password\","
                + "\"text\":\"To reset your password, open Settings, choose Security and click Reset.\"}]",
                Http.bearer(user("operator").accessToken()));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
    }

    private static LlmRequest faq(String session, String user) {
        return new LlmRequest("faq-responder", "faq-responder", Map.of("question", "How do I reset my password?",
                "documents", "[reset-password] To reset your password, open Settings, then Security."),
                "faq-answer.output.json", user, session, "corr-" + session);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OpenAiStub start() {
        try {
            return new OpenAiStub();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
