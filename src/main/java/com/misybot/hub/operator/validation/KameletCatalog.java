package com.misybot.hub.operator.validation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which kamelets exist, looked up where the kamelet component looks ({@code camel.component.kamelet.location}, e.g.
 * {@code file:kamelets,classpath:kamelets}) plus the route templates the platform defines in Java
 * ({@code agent-bus-source}, {@code agent-bus-sink}), which {@code kamelet:} endpoints reach as well.
 */
public final class KameletCatalog {

    private final List<String> locations;
    private final Supplier<Set<String>> platformTemplates;

    public KameletCatalog(String locations, Supplier<Set<String>> platformTemplates) {
        this.locations = List.of(locations.split(","));
        this.platformTemplates = platformTemplates;
    }

    public boolean exists(String name) {
        if (platformTemplates.get().contains(name)) {
            return true;
        }
        String file = name + ".kamelet.yaml";
        for (String raw : locations) {
            String location = raw.trim();
            if (location.startsWith("classpath:")) {
                String folder = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
                if (KameletCatalog.class.getClassLoader().getResource(folder + "/" + file) != null) {
                    return true;
                }
            } else {
                String folder = location.startsWith("file:") ? location.substring("file:".length()) : location;
                if (Files.isRegularFile(Path.of(folder, file))) {
                    return true;
                }
            }
        }
        return false;
    }
}
