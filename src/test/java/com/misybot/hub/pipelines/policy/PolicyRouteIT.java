package com.misybot.hub.pipelines.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.misybot.hub.support.HubIntegrationTest;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** direct:policy-evaluate in the running hub, with the policy files packaged in the jar (classpath:config/policies). */
class PolicyRouteIT extends HubIntegrationTest {

    @Autowired
    ProducerTemplate producer;

    @Test
    void should_answer_the_gate_decision_when_a_policy_input_is_sent_to_the_route() {
        // given
        PolicyInput claim = new PolicyInput("A miracle cure for tired skin", List.of("tiktok"), false);
        PolicyInput promo = new PolicyInput("Grab it with my affiliate link", List.of("tiktok"), false);

        // when
        PolicyDecision blocked = producer.requestBody("direct:policy-evaluate", claim, PolicyDecision.class);
        PolicyDecision review = producer.requestBody("direct:policy-evaluate", promo, PolicyDecision.class);

        // then
        assertThat(blocked.verdict()).isEqualTo("BLOCK");
        assertThat(blocked.findings()).extracting(PolicyDecision.Finding::ruleId).containsExactly("health-claims");
        assertThat(review.verdict()).isEqualTo("REVIEW");
        assertThat(review.findings()).extracting(PolicyDecision.Finding::match).containsExactly("affiliate link");
    }
}
