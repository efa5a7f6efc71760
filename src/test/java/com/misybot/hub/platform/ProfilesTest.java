package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The profile files only use keys that exist: every {@code camel.*} and {@code spring.*} key is declared in the
 * configuration metadata shipped by the starters, every {@code hub.*} key in application.yaml. A typo in the azure
 * profile (which no test can run against Azure) fails here.
 */
class ProfilesTest {

    /** Keys that are read (as conditions) but that their starters do not declare in metadata. */
    private static final Set<String> UNDECLARED_BUT_READ = Set.of("camel.opentelemetry2.enabled",
            // JolokiaProperties.config is a Map without metadata; ConsoleSecurityIT proves the restrictor is in use
            "management.endpoint.jolokia.config.restrictorClass");

    private static Set<String> declaredKeys() throws IOException {
        Set<String> keys = new HashSet<>();
        ObjectMapper mapper = new ObjectMapper();
        Enumeration<URL> files = ProfilesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json");
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                JsonNode metadata = mapper.readTree(in);
                // exact property names; map-typed properties (Map, Properties) also accept their sub-keys ("name.*")
                metadata.path("properties").forEach(p -> keys.add(p.path("name").asText()
                        + (p.path("type").asText().startsWith("java.util.Map")
                        || p.path("type").asText().equals("java.util.Properties") ? ".*" : "")));
            }
        }
        return keys;
    }

    private static Set<String> keysOf(String file) throws IOException {
        Set<String> keys = new HashSet<>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                keys.add(name.replaceAll("\\[\\d+]$", ""));
            }
        }
        return keys;
    }

    @Test
    void should_use_only_declared_keys_in_every_profile() throws IOException {
        Set<String> declared = declaredKeys();
        Set<String> hubKeys = keysOf("application.yaml");
        List<String> unknown = new java.util.ArrayList<>();
        for (String profile : List.of("application.yaml", "application-services.yaml", "application-azure.yaml",
                "application-test.yaml", "application-bench.yaml")) {
            for (String key : keysOf(profile)) {
                boolean known = key.startsWith("hub.") ? hubKeys.contains(key) || key.startsWith("hub.bench.")
                        : declared.contains(key) || declared.stream().anyMatch(
                                d -> d.endsWith(".*") && key.startsWith(d.substring(0, d.length() - 1)))
                        || key.startsWith("logging.level.") || key.startsWith("hawtio.")
                        || key.startsWith("management.observations.enable.")
                        || key.startsWith("camel.rest.api-property.")
                        || key.startsWith("management.metrics.tags.");
                if (!known && !UNDECLARED_BUT_READ.contains(key)) {
                    unknown.add(profile + ": " + key);
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void should_wire_azure_profile_to_service_bus_entra_id_and_managed_stores() throws IOException {
        Set<String> azure = keysOf("application-azure.yaml");

        assertThat(azure).contains("camel.component.azure-servicebus.connection-string",
                "camel.component.azure-servicebus.fully-qualified-namespace",
                "camel.component.azure-servicebus.credential-type", "hub.security.jwt.jwk-set-uri",
                "hub.security.jwt.issuer", "spring.datasource.url", "spring.data.redis.url", "hub.mongo.url");
    }
}
