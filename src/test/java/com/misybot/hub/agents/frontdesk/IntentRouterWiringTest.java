package com.misybot.hub.agents.frontdesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.ai.EmbeddingService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The {@code intentRouter} bean from application.yaml's {@code hub.agents.routing.*}: the shipped file and its bge-small
 * thresholds by default, the overrides when set, and no start with a file that does not exist.
 */
class IntentRouterWiringTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(ctx -> ConfigDataEnvironmentPostProcessor.applyTo(ctx.getEnvironment()))
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withUserConfiguration(IntentRoutingConfiguration.class)
            .withBean(EmbeddingService.class, () -> new IntentRouterConfigTest.FixedEmbeddings("bge-small-en-v15-q"));

    @Test
    void should_use_the_shipped_file_and_its_thresholds_when_no_override_is_set() {
        context.run(ctx -> {
            // application.yaml is read: its empty overrides (${HUB_ROUTING_MIN_CONFIDENCE:}) bind to "from the file"
            assertThat(ctx.getEnvironment().getProperty("hub.agents.routing.min-confidence")).isEmpty();
            assertThat(ctx.getEnvironment().getProperty("hub.agents.routing.known-agents[7]"))
                    .isEqualTo("campaign-orchestrator");
            IntentRouter router = ctx.getBean("intentRouter", IntentRouter.class);
            assertThat(router.enabledAgents()).containsExactly("faq-responder", "creative-synthesizer",
                    "video-scriptor", "trend-scanner", "analytics-reporter", "campaign-orchestrator", "content-editor");
            assertThat(router.options()).isEqualTo(new IntentRouter.Options(AgentCatalog.Scoring.TOP_K_MEAN, 3,
                    0.60, 0.005));
        });
    }

    @Test
    void should_use_the_configured_thresholds_when_they_are_set() {
        context.withPropertyValues("hub.agents.routing.min-confidence=0.7", "hub.agents.routing.min-margin=0.02")
                .run(ctx -> assertThat(ctx.getBean(IntentRouter.class).options())
                        .extracting(IntentRouter.Options::minConfidence, IntentRouter.Options::minMargin)
                        .isEqualTo(List.of(0.7, 0.02)));
    }

    @Test
    void should_not_start_when_the_agents_file_does_not_exist() {
        context.withPropertyValues("hub.agents.routing.file=classpath:config/no-such-agents.yaml")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
                        .isInstanceOf(AgentCatalogException.class)
                        .hasMessage("hub.agents.routing.file classpath:config/no-such-agents.yaml does not exist"));
    }
}
