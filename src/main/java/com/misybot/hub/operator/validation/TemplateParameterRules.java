package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values a templatedRoute gives its template are data, never code or routing: Camel substitutes them into the
 * template's URIs and expressions after this policy has read the template, so a value holding an expression
 * ({@code ${…}}, {@code $simple{…}}), a placeholder, endpoint options ({@code ?}, {@code &}), a bean reference
 * ({@code #}) or a path that climbs ({@code ..}) could turn a checked template into an unchecked route.
 */
final class TemplateParameterRules {

    private static final Pattern DATA = Pattern.compile("[^?&#{}$\\\\]*");

    void check(YamlDocument doc, List<RouteError> errors) {
        JsonNode root = doc.root();
        for (int i = 0; i < root.size(); i++) {
            JsonNode parameters = root.get(i).path("templatedRoute").path("parameters");
            for (int p = 0; p < parameters.size(); p++) {
                JsonNode value = parameters.get(p).path("value");
                String text = value.asText("");
                if (!DATA.matcher(text).matches() || text.contains("..")) {
                    errors.add(doc.error("/" + i + "/templatedRoute/parameters/" + p + "/value",
                            "Template parameter '" + parameters.get(p).path("name").asText() + "' must be plain data:"
                                    + " no ${…}, {{…}}, ?, &, #, \\ or .. (it is substituted into the template's URIs"
                                    + " and expressions after they were checked)"));
                }
            }
        }
    }
}
