package com.misybot.hub.pipelines.policy;

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
                          @Value("${hub.policies.platforms:classpath:config/platforms.yaml}") String platforms) {
        return PolicyFiles.gate(ResourcePatternUtils.getResourcePatternResolver(resources), policies, platforms);
    }
}
