package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.misybot.hub.HubApplication;
import com.misybot.hub.ai.HeaderAwareHttpClient;
import com.misybot.hub.ai.LlmHttpException;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import com.misybot.hub.support.HubIntegrationTest;
import com.misybot.hub.support.RecordingServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The SSRF guard in the running hub: a refused target is never contacted — not by the publish kamelet, not by any
 * Camel http endpoint, not by the LLM client — redirects are not followed, and a refused configured URL stops the
 * start with a message naming the property. Targets are recording servers on 127.0.0.2 (refused: the test profile
 * allows 127.0.0.1 only) and on 127.0.0.1 (allowed, to show a redirect to it is not followed either).
 */
class OutboundUrlIT extends HubIntegrationTest {

    /** Refused by the test profile's allow-list (127.0.0.1 only): must never see a request. */
    private static final RecordingServer REFUSED = RecordingServer.start("127.0.0.2", 201, Map.of());
    /** Allowed, but only ever reached through a redirect: must never see a request either. */
    private static final RecordingServer REDIRECT_TARGET = RecordingServer.start("127.0.0.1", 201, Map.of());
    /** An allowed platform that answers every request with a redirect. */
    private static final RecordingServer REDIRECTING = RecordingServer.start("127.0.0.1", 302,
            Map.of("Location", REDIRECT_TARGET.url("/tiktok/posts")));
    private static final RecordingServer REDIRECTING_TO_REFUSED = RecordingServer.start("127.0.0.1", 307,
            Map.of("Location", REFUSED.url("/tiktok/posts")));

    @Autowired
    ProducerTemplate producer;
    @Autowired
    OutboundUrlPolicy policy;

    @AfterAll
    static void stop() {
        List.of(REFUSED, REDIRECT_TARGET, REDIRECTING, REDIRECTING_TO_REFUSED).forEach(RecordingServer::close);
    }

    @Test
    void should_never_contact_a_refused_target_when_the_publish_kamelet_or_a_route_calls_it() {
        // when: the publish kamelet and a plain http endpoint (what an operator's YAML route could use) are pointed
        // at 127.0.0.2, and at a name that resolves to loopback
        Throwable kamelet = catchThrowable(() -> producer.requestBody("kamelet:social-publish-sink?url="
                + REFUSED.url("/tiktok/posts"), "{\"text\":\"hello\"}"));
        Throwable endpoint = catchThrowable(() -> producer.requestBody(REFUSED.url("/anything"), "x"));
        Throwable byName = catchThrowable(() -> producer.requestBody(
                "http://localhost:" + REFUSED.port() + "/anything", "x"));
        // then: each is refused with its reason, and nothing reached the server
        assertThat(refusal(kamelet).reason()).isEqualTo("host 127.0.0.2 (port " + REFUSED.port()
                + ") is not in hub.security.outbound.allowed-hosts");
        assertThat(refusal(endpoint).reason()).startsWith("host 127.0.0.2");
        assertThat(refusal(byName).reason()).startsWith("host localhost (port " + REFUSED.port() + ") is not in");
        assertThat(REFUSED.requests()).isEmpty();
    }

    @Test
    void should_not_follow_a_redirect_when_a_platform_answers_3xx() {
        // when: an allowed platform answers 302 to an allowed host, and 307 to a refused one
        Throwable toAllowed = catchThrowable(() -> producer.requestBody("kamelet:social-publish-sink?url="
                + REDIRECTING.url("/tiktok/posts"), "{\"text\":\"hello\"}"));
        Throwable toRefused = catchThrowable(() -> producer.requestBody("kamelet:social-publish-sink?url="
                + REDIRECTING_TO_REFUSED.url("/tiktok/posts"), "{\"text\":\"hello\"}"));
        // then: the 3xx is the answer (an error for the publish step), and neither Location was requested
        assertThat(httpFailure(toAllowed).getStatusCode()).isEqualTo(302);
        assertThat(httpFailure(toAllowed).getRedirectLocation()).isEqualTo(REDIRECT_TARGET.url("/tiktok/posts"));
        assertThat(httpFailure(toRefused).getStatusCode()).isEqualTo(307);
        assertThat(REDIRECTING.requests()).containsOnlyOnce("POST /tiktok/posts");
        assertThat(REDIRECTING_TO_REFUSED.requests()).containsExactly("POST /tiktok/posts");
        assertThat(REDIRECT_TARGET.requests()).isEmpty();
        assertThat(REFUSED.requests()).isEmpty();
    }

    @Test
    void should_neither_call_a_refused_url_nor_follow_a_redirect_when_the_llm_client_sends() {
        // given: the LLM port's HTTP client, with the hub's policy
        var client = new HeaderAwareHttpClient.Builder(policy).build();
        // when
        Throwable refused = catchThrowable(() -> client.execute(llmCall(REFUSED.url("/v1/chat/completions"))));
        Throwable redirected = catchThrowable(() -> client.execute(llmCall(REDIRECTING.url("/v1/chat/completions"))));
        // then
        assertThat(refused).isInstanceOf(OutboundUrlRefusedException.class)
                .hasMessageContaining("host 127.0.0.2 (port " + REFUSED.port() + ") is not in");
        assertThat(redirected).isInstanceOfSatisfying(LlmHttpException.class,
                e -> assertThat(e.statusCode()).isEqualTo(302));
        assertThat(REFUSED.requests()).isEmpty();
        assertThat(REDIRECT_TARGET.requests()).isEmpty();
    }

    private static HttpRequest llmCall(String url) {
        return HttpRequest.builder().method(HttpMethod.POST).url(url).addHeader("Content-Type", "application/json")
                .body("{\"model\":\"m\",\"messages\":[]}").build();
    }

    @Test
    void should_refuse_to_start_when_a_publish_platform_url_is_refused() {
        // when: a hub is started with a platform on 127.0.0.2
        Throwable failure = startHub("--hub.publish.platforms.tiktok.url=" + REFUSED.url("/tiktok/posts"));
        // then: the start fails naming the property, the URL and the reason; the platform was never called
        assertThat(messages(failure)).anySatisfy(m -> assertThat(m).isEqualTo("hub.publish.platforms.tiktok.url="
                + REFUSED.url("/tiktok/posts") + " is refused by hub.security.outbound: host 127.0.0.2 (port "
                + REFUSED.port() + ") is not in hub.security.outbound.allowed-hosts."));
        assertThat(REFUSED.requests()).isEmpty();
    }

    @Test
    void should_refuse_to_start_when_the_llm_base_url_resolves_to_loopback() {
        // when: any host is allowed, but the OpenAI base URL is a name that resolves to loopback
        String baseUrl = "http://localhost:" + REDIRECT_TARGET.port() + "/v1";
        Throwable failure = startHub("--hub.security.outbound.allowed-hosts=*", "--hub.llm.provider=openai",
                "--hub.llm.openai.api-key=test-key", "--hub.llm.openai.base-url=" + baseUrl);
        // then
        assertThat(messages(failure)).anySatisfy(m -> assertThat(m).startsWith("hub.llm.openai.base-url=" + baseUrl
                + " is refused by hub.security.outbound: localhost resolves to 127.0.0.1, a loopback address"));
        assertThat(REDIRECT_TARGET.requests()).isEmpty();
    }

    /** Starts a second hub (profiles services,test, random port) that is expected to fail; returns the failure. */
    private static Throwable startHub(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--hub.bus.transport=local"));
        all.addAll(List.of(args));
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(HubApplication.class)
                .profiles("services", "test").run(all.toArray(String[]::new)).close());
        assertThat(failure).as("the hub started").isNotNull();
        return failure;
    }

    private static List<String> messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return messages;
    }

    private static OutboundUrlRefusedException refusal(Throwable failure) {
        assertThat(failure).isInstanceOf(CamelExecutionException.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutboundUrlRefusedException refused) {
                return refused;
            }
        }
        throw new AssertionError("not refused by the outbound policy", failure);
    }

    private static HttpOperationFailedException httpFailure(Throwable failure) {
        assertThat(failure).isInstanceOf(CamelExecutionException.class);
        assertThat(failure.getCause()).isInstanceOf(HttpOperationFailedException.class);
        return (HttpOperationFailedException) failure.getCause();
    }
}
