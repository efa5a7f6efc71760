package com.misybot.hub.agents.frontdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.ai.Vectors;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@code direct:front-desk-route}: the decision of bean {@code intentRouter} lands in the variables {@code intent} and
 * {@code intentConfidence}; the text header wins over the body, and the body is left alone. A keyword "model" keeps
 * this test about the wiring (IntentRouterTest covers routing quality with the real model).
 */
@CamelSpringBootTest
@SpringBootTest(classes = {CamelAutoConfiguration.class, FrontDeskIntentRoutes.class,
        IntentRouterRouteTest.Beans.class}, properties = "hub.routes.dir=target/no-operator-routes")
class IntentRouterRouteTest {

    @Autowired
    FluentProducerTemplate producer;

    @Test
    void should_set_the_intent_variables_from_the_text_header_and_keep_the_body_when_the_header_is_set() {
        // given: a body the router must not read, and text with commas and parentheses
        Map<String, Object> envelope = Map.of("text", "how do I reset my password");
        // when
        Exchange exchange = producer.to("direct:front-desk-route").withBody(envelope)
                .withHeader(FrontDeskIntentRoutes.TEXT_HEADER, "a video script, please (30 s, vertical)")
                .send();
        // then
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT)).isEqualTo("video-scriptor");
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_CONFIDENCE)).isInstanceOf(Double.class);
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_CONFIDENCE, Double.class)).isGreaterThan(0.9);
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_DECISION, IntentDecision.class).text())
                .isEqualTo("a video script, please (30 s, vertical)");
        assertThat(exchange.getMessage().getBody()).isSameAs(envelope);
    }

    @Test
    void should_route_the_body_text_and_strip_the_command_when_there_is_no_text_header() {
        // when
        Exchange exchange = producer.to("direct:front-desk-route").withBody("/faq my video will not upload").send();
        // then
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT)).isEqualTo("faq-responder");
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_CONFIDENCE)).isEqualTo(1.0);
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_DECISION, IntentDecision.class).text())
                .isEqualTo("my video will not upload");
    }

    @Test
    void should_set_intent_clarify_with_a_question_when_the_text_matches_no_agent() {
        // when
        Exchange exchange = producer.to("direct:front-desk-route").withBody("hello there").send();
        // then
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT)).isEqualTo(IntentDecision.CLARIFY);
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_CONFIDENCE, Double.class)).isLessThan(0.5);
        assertThat(exchange.getVariable(FrontDeskIntentRoutes.INTENT_DECISION, IntentDecision.class).question())
                .isEqualTo("I'm not sure what you need. Should I answer a question or write a video script? "
                        + "You can also start your message with /faq or /script.");
    }

    @TestConfiguration
    static class Beans {

        @Bean
        IntentRouter intentRouter() {
            String yaml = """
                    router:
                      scoring: max
                      thresholds:
                        keywords: {min-confidence: 0.5, min-margin: 0.1}
                    agents:
                      - id: faq-responder
                        command: /faq
                        label: answer a question
                        description: password login invoice
                        examples: [password, login, invoice]
                      - id: video-scriptor
                        command: /script
                        label: write a video script
                        description: video script
                        examples: [video, script, video script]
                    """;
            AgentCatalog catalog = AgentCatalogLoader.load(new ByteArrayInputStream(
                    yaml.getBytes(StandardCharsets.UTF_8)), "test", List.of("faq-responder", "video-scriptor"));
            return new IntentRouter(catalog, new KeywordEmbeddings(), null, null);
        }
    }

    /** Dimension 0: video words, 1: account words, 2: anything (so no text is a zero vector). */
    static final class KeywordEmbeddings implements EmbeddingService {

        @Override
        public String model() {
            return "keywords";
        }

        @Override
        public int dimensions() {
            return 3;
        }

        @Override
        public double defaultMinScore() {
            return 0.5;
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(t -> {
                String s = t.toLowerCase(Locale.ROOT);
                float video = s.contains("video") || s.contains("script") ? 1 : 0;
                float account = s.contains("password") || s.contains("login") || s.contains("invoice") ? 1 : 0;
                return Vectors.normalize(new float[] {video, account, 0.1f});
            }).toList();
        }
    }
}
