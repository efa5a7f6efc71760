package com.misybot.hub.operator.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** hub.routes.policy exactly as application.yaml declares it, bound without a Spring context. */
final class PolicyConfig {

    private PolicyConfig() {
    }

    static RoutePolicyProperties fromApplicationYaml() {
        try {
            StandardEnvironment environment = new StandardEnvironment();
            new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
                    .forEach(environment.getPropertySources()::addLast);
            return new Binder(ConfigurationPropertySources.get(environment))
                    .bind("hub.routes.policy", RoutePolicyProperties.class)
                    .orElseThrow(() -> new IllegalStateException("no hub.routes.policy in application.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
