package com.misybot.hub.agents.video;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.ResourceLoader;
import org.yaml.snakeyaml.Yaml;

/**
 * Platform rules of short-form video ({@code config/platforms.yaml}): which platform a request names, its default
 * and maximum length, and what is wrong with a script (too long, scenes not contiguous, duration mismatch).
 */
public class PlatformRules {

    /** One platform. */
    public record Platform(String id, int maxSeconds, int defaultSeconds, List<String> aliases) {
    }

    private final Map<String, Platform> platforms = new LinkedHashMap<>();
    private final String fallback;

    @SuppressWarnings("unchecked")
    public PlatformRules(ResourceLoader resources, String location) {
        try (InputStream in = resources.getResource(location).getInputStream()) {
            Map<String, Object> root = new Yaml().load(in);
            ((Map<String, Map<String, Object>>) root.get("platforms")).forEach((id, p) -> platforms.put(id,
                    new Platform(id, ((Number) p.get("maxSeconds")).intValue(),
                            ((Number) p.get("defaultSeconds")).intValue(), (List<String>) p.get("aliases"))));
            fallback = (String) root.get("default");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read platform rules at " + location, e);
        }
    }

    /** The platform a request names (by alias), else the default one. */
    public Platform of(String request) {
        String text = " " + request.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", " ") + " ";
        for (Platform p : platforms.values()) {
            if (p.aliases().stream().anyMatch(a -> text.contains(" " + a + " "))) {
                return p;
            }
        }
        return platforms.get(fallback);
    }

    /** The platform id a name stands for (the id itself or one of its aliases, any case); null when none. */
    public String canonical(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (platforms.containsKey(wanted)) {
            return wanted;
        }
        return platforms.values().stream().filter(p -> p.aliases().contains(wanted)).map(Platform::id).findFirst()
                .orElse(null);
    }

    /** What breaks the rules of {@code platform} in a script (empty = fine). */
    public List<String> violations(Platform platform, JsonNode script) {
        List<String> problems = new ArrayList<>();
        int previousEnd = 0;
        for (JsonNode scene : script.path("scenes")) {
            int start = scene.path("start").asInt();
            int end = scene.path("end").asInt();
            if (start != previousEnd) {
                problems.add("scene at " + start + " s does not start where the previous one ends (" + previousEnd
                        + " s)");
            }
            if (end <= start) {
                problems.add("scene at " + start + " s ends before it starts");
            }
            previousEnd = end;
        }
        if (previousEnd > platform.maxSeconds()) {
            problems.add("the script runs " + previousEnd + " s; " + platform.id() + " allows at most "
                    + platform.maxSeconds() + " s");
        }
        if (script.path("estimatedDurationSeconds").asInt() != previousEnd) {
            problems.add("estimatedDurationSeconds (" + script.path("estimatedDurationSeconds").asInt()
                    + ") is not the end of the last scene (" + previousEnd + ")");
        }
        return problems;
    }
}
