package com.misybot.hub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.mock.env.MockEnvironment;

class OperatorRoutesEnvironmentTest {

    private final OperatorRoutesEnvironment processor = new OperatorRoutesEnvironment(new DeferredLogs());

    @Test
    void should_load_yaml_routes_from_the_folder_when_it_exists(@TempDir Path dir) {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.routes.dir", dir.toString());

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("camel.main.routes-include-pattern")).isEqualTo("file:" + dir + "/**/*.camel.yaml");
        assertThat(environment.getProperty("camel.main.routes-reload-directory")).isEqualTo(dir.toString());
    }

    @Test
    void should_start_without_operator_routes_when_the_folder_is_missing(@TempDir Path dir) {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.routes.dir", dir.resolve("absent").toString());

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("camel.main.routes-include-pattern")).isNull();
    }

    @Test
    void should_leave_an_explicit_include_pattern_alone(@TempDir Path dir) {
        MockEnvironment environment = new MockEnvironment().withProperty("hub.routes.dir", dir.toString())
                .withProperty("camel.main.routes-include-pattern", "classpath:custom/*.yaml");

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("camel.main.routes-include-pattern")).isEqualTo("classpath:custom/*.yaml");
    }
}
