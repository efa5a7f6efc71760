package com.misybot.hub.pipelines.policy;

import com.misybot.hub.ai.EmbeddingService;
import com.misybot.hub.memory.vector.RelevanceCalibration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

/** The {@code policyGate} bean: policy files read and checked once at start; a broken file stops the start. */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    @Bean
    PolicyGate policyGate(ResourceLoader resources,
                          @Value("${hub.policies.dir:classpath:config/policies}") String policies,
                          @Value("${hub.policies.platforms:classpath:config/platforms.yaml}") String platforms,
                          @Value("${hub.policies.review-confidence:0.5}") double reviewConfidence,
                          @Value("${hub.policies.block-confidence:0.6}") double blockConfidence,
                          EmbeddingService embeddings, RelevanceCalibration calibration) {
        return PolicyFiles.gate(ResourcePatternUtils.getResourcePatternResolver(resources), policies, platforms,
                SemanticPolicy.Factory.of(embeddings, calibration, blockConfidence, reviewConfidence));
    }
}
