package com.misybot.hub.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Camel at the operator-edited YAML routes in {@code hub.routes.dir} (default {@code ./routes}, and its
 * sub-folders) when that
 * folder exists. Without it the hub still starts (Camel would fail on a missing folder), with a warning that no
 * operator routes are loaded.
 */
public class OperatorRoutesEnvironment implements EnvironmentPostProcessor {

    static final String DIR_KEY = "hub.routes.dir";

    private final Log log;

    public OperatorRoutesEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(OperatorRoutesEnvironment.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty(DIR_KEY, "routes");
        if (environment.containsProperty("camel.main.routes-include-pattern")) {
            return;
        }
        if (Files.isDirectory(Path.of(dir))) {
            environment.getPropertySources().addLast(new MapPropertySource("hub-operator-routes", Map.of(
                    // every *.camel.yaml below the folder (routes/pipelines, routes/agents, ...)
                    "camel.main.routes-include-pattern", "file:" + dir + "/**/*.camel.yaml",
                    "camel.main.routes-reload-directory", dir,
                    "camel.main.routes-reload-directory-recursive", "true")));
        } else {
            log.warn("No folder '" + Path.of(dir).toAbsolutePath() + "' (" + DIR_KEY
                    + "): no operator YAML routes are loaded");
        }
    }
}
