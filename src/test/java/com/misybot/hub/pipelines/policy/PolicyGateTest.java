package com.misybot.hub.pipelines.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.pipelines.policy.PolicyDecision.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The policy gate with the shipped config/policies/default.yaml and config/platforms.yaml. */
class PolicyGateTest {

    private static final PathMatchingResourcePatternResolver RESOURCES = new PathMatchingResourcePatternResolver();
    private static final PolicyGate GATE = PolicyFiles.gate(RESOURCES, "file:config/policies",
            "file:config/platforms.yaml");

    @Test
    void should_block_when_text_makes_a_health_claim() {
        // given
        PolicyInput input = new PolicyInput("This MIRACLE   cure fixes everything", List.of("tiktok"), false);

        // when
        PolicyDecision decision = GATE.evaluate(input);

        // then
        assertThat(decision.verdict()).isEqualTo("BLOCK");
        assertThat(decision.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("health-claims");
            assertThat(f.kind()).isEqualTo("claims");
            assertThat(f.verdict()).isEqualTo("BLOCK");
            assertThat(f.match()).isEqualTo("MIRACLE cure");
        });
    }

    @Test
    void should_block_when_text_promises_weight_loss_in_days_or_guaranteed_returns() {
        // when
        PolicyDecision weight = GATE.evaluate(new PolicyInput("Lose 10 kg in 7 days!", List.of(), false));
        PolicyDecision money = GATE.evaluate(new PolicyInput("Guaranteed returns every month", List.of(), false));

        // then
        assertThat(weight.verdict()).isEqualTo("BLOCK");
        assertThat(weight.findings()).extracting(Finding::match).containsExactly("Lose 10 kg in 7 days");
        assertThat(money.verdict()).isEqualTo("BLOCK");
        assertThat(money.findings()).extracting(Finding::ruleId).containsExactly("blocked-terms");
    }

    @Test
    void should_ask_for_review_when_promo_code_has_no_disclosure() {
        // given
        PolicyInput input = new PolicyInput("Loving this serum, use my code GLOW10", List.of("instagram-reels"), false);

        // when
        PolicyDecision decision = GATE.evaluate(input);

        // then
        assertThat(decision.verdict()).isEqualTo("REVIEW");
        assertThat(decision.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("paid-promotion-disclosure");
            assertThat(f.kind()).isEqualTo("disclosures");
            assertThat(f.match()).isEqualTo("use my code");
        });
    }

    @Test
    void should_allow_when_promo_code_is_disclosed_with_hashtag_ad() {
        // given
        PolicyInput input = new PolicyInput("Loving this serum, use my code GLOW10 #AD", List.of("tiktok"), false);

        // when
        PolicyDecision decision = GATE.evaluate(input);

        // then
        assertThat(decision.verdict()).isEqualTo("ALLOW");
        assertThat(decision.findings()).isEmpty();
    }

    @Test
    void should_not_count_a_longer_hashtag_as_disclosure_when_it_only_starts_with_ad() {
        // when
        PolicyDecision decision = GATE.evaluate(new PolicyInput("Discount code inside #adventure", List.of(), false));

        // then
        assertThat(decision.verdict()).isEqualTo("REVIEW");
        assertThat(decision.findings()).extracting(Finding::match).containsExactly("Discount code");
    }

    @Test
    void should_ask_for_review_when_request_declares_paid_promotion_without_disclosure() {
        // when
        PolicyDecision undisclosed = GATE.evaluate(new PolicyInput("Our new cold brew is here", List.of(), true));
        PolicyDecision disclosed = GATE.evaluate(new PolicyInput("Our new cold brew is here #sponsored", List.of(),
                true));

        // then
        assertThat(undisclosed.verdict()).isEqualTo("REVIEW");
        assertThat(undisclosed.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("paid-promotion-disclosure");
            assertThat(f.match()).isNull();
            assertThat(f.message()).contains("declares paid promotion");
        });
        assertThat(disclosed.verdict()).isEqualTo("ALLOW");
    }

    @Test
    void should_allow_when_text_is_clean() {
        // when
        PolicyDecision decision = GATE.evaluate(new PolicyInput("Three ways to brew coffee at home #coffee",
                List.of("tiktok", "instagram-reels", "youtube-shorts"), false));

        // then
        assertThat(decision.verdict()).isEqualTo("ALLOW");
        assertThat(decision.findings()).isEmpty();
    }

    @Test
    void should_ask_for_review_when_text_breaks_a_platform_limit_or_platform_is_unknown() {
        // given: 16 hashtags (YouTube allows 15) on a text short enough for every platform
        String text = "Cold brew " + "#coffee ".repeat(16);

        // when
        PolicyDecision decision = GATE.evaluate(new PolicyInput(text, List.of("instagram-reels", "youtube-shorts",
                "myspace"), false));

        // then
        assertThat(decision.verdict()).isEqualTo("REVIEW");
        assertThat(decision.findings()).extracting(Finding::ruleId).containsOnly("platform-limits");
        assertThat(decision.findings()).extracting(Finding::message)
                .containsExactly("youtube-shorts allows at most 15 hashtags; the text has 16.",
                        "No platform rules are known for 'myspace'; a person must check the post against that "
                                + "platform's limits.");
    }

    @Test
    void should_return_the_worst_verdict_with_every_finding_when_several_rules_fire() {
        // given: undisclosed promotion (REVIEW), an over-long caption (REVIEW) and a health claim (BLOCK)
        String text = "Use my code SAVE5 for the miracle cure. " + "x".repeat(2200);

        // when
        PolicyDecision decision = GATE.evaluate(new PolicyInput(text, List.of("tiktok"), false));

        // then
        assertThat(decision.verdict()).isEqualTo("BLOCK");
        assertThat(decision.findings()).extracting(Finding::ruleId, Finding::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("health-claims", "BLOCK"),
                org.assertj.core.groups.Tuple.tuple("platform-limits", "REVIEW"),
                org.assertj.core.groups.Tuple.tuple("paid-promotion-disclosure", "REVIEW"));
    }

    @Test
    void should_fail_with_file_and_rule_named_when_a_policy_file_is_invalid(@TempDir Path dir) throws IOException {
        // given: a valid file, then one with a broken regular expression and one with an unknown kind
        Files.writeString(dir.resolve("a-valid.yaml"), """
                rules:
                  - { id: ok, kind: claims, description: fine, verdict: BLOCK, patterns: [ "fine" ] }
                """);
        Files.writeString(dir.resolve("b-regex.yaml"), """
                rules:
                  - { id: broken, kind: claims, description: bad regex, verdict: BLOCK, patterns: [ "lose (\\\\d+" ] }
                """);
        Path kindDir = Files.createDirectory(dir.resolve("kind"));
        Files.writeString(kindDir.resolve("policy.yaml"), """
                rules:
                  - { id: odd, kind: vibes, description: unknown kind, verdict: REVIEW, patterns: [ "x" ] }
                """);
        Path typoDir = Files.createDirectory(dir.resolve("typo"));
        Files.writeString(typoDir.resolve("policy.yaml"), """
                rules:
                  - id: typo
                    kind: claims
                    description: misspelt key
                    verdict: BLOCK
                    paterns: [ "x" ]
                """);
        Path emptyDir = Files.createDirectory(dir.resolve("empty"));

        // when / then
        String platforms = "file:config/platforms.yaml";
        assertThatThrownBy(() -> PolicyFiles.gate(RESOURCES, dir.toUri().toString(), platforms))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("b-regex.yaml").hasMessageContaining("rule 'broken'")
                .hasMessageContaining("pattern 'lose (\\d+' is not a valid regular expression");
        assertThatThrownBy(() -> PolicyFiles.gate(RESOURCES, kindDir.toUri().toString(), platforms))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("policy.yaml: rule 'odd' has kind 'vibes'; kinds are blocked-terms, claims");
        assertThatThrownBy(() -> PolicyFiles.gate(RESOURCES, typoDir.toUri().toString(), platforms))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("policy.yaml is not a valid policy file at rules[0].paterns (near line ")
                .hasMessageContaining("Unrecognized field \"paterns\"");
        assertThatThrownBy(() -> PolicyFiles.gate(RESOURCES, emptyDir.toUri().toString(), platforms))
                .isInstanceOf(PolicyException.class).hasMessageContaining("No policy files (*.yaml)");
    }
}
