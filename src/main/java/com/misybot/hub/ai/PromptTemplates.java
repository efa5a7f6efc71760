package com.misybot.hub.ai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Prompt files under {@code hub.llm.prompts} ({@code config/prompts/<name>.<part>}), rendered with variables:
 * {@code {{name}}} inserts the value as text (JSON-escaped in {@code .json} templates), {@code {{{name}}}} inserts it
 * as JSON. An unknown placeholder is an error, not an empty string.
 */
public class PromptTemplates {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\{)?\\s*([A-Za-z0-9_.-]+)\\s*}}(})?");

    private final ResourceLoader resources;
    private final String location;
    private final ObjectMapper json;
    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> present = new ConcurrentHashMap<>();

    public PromptTemplates(ResourceLoader resources, String location, ObjectMapper json) {
        this.resources = resources;
        this.location = location.endsWith("/") ? location : location + "/";
        this.json = json;
    }

    public boolean exists(String file) {
        // asked on every offline call: look the file up once
        return present.computeIfAbsent(file, f -> resources.getResource(location + f).exists());
    }

    public String render(String file, Map<String, Object> variables) {
        String template = cache.computeIfAbsent(file, this::load);
        boolean jsonTemplate = file.endsWith(".json");
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2);
            if (!variables.containsKey(name)) {
                throw new IllegalArgumentException("Prompt " + file + " uses {{" + name + "}} but no such variable "
                        + "was given (have " + variables.keySet() + ")");
            }
            Object value = variables.get(name);
            String text = m.group(1) != null ? toJson(value) : jsonTemplate ? escape(String.valueOf(value))
                    : String.valueOf(value);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String load(String file) {
        Resource resource = resources.getResource(location + file);
        if (!resource.exists()) {
            throw new IllegalStateException("No prompt file " + location + file);
        }
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String escape(String text) {
        String quoted = toJson(text);
        return quoted.substring(1, quoted.length() - 1);
    }
}
