package com.misybot.hub.pipelines.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the route templates of a unit of operator YAML and derives each one's parameter JSON schema from Camel's
 * own parameter declaration (name, description, defaultValue, required): Camel passes template parameters as text,
 * so every property is a string; a parameter without a default is required unless it says {@code required: false}.
 */
final class TemplateSchemas {

    private final ObjectMapper json;

    TemplateSchemas(ObjectMapper json) {
        this.json = json;
    }

    /** Every routeTemplate of {@code yaml} (already validated by the registry). */
    List<PipelineTemplate> templates(String unitId, int version, String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        List<PipelineTemplate> found = new ArrayList<>();
        if (!(root instanceof List<?> items)) {
            return found;
        }
        for (Object item : items) {
            if (item instanceof Map<?, ?> map && map.get("routeTemplate") instanceof Map<?, ?> template) {
                String id = String.valueOf(template.get("id"));
                String description = template.get("description") == null ? null
                        : String.valueOf(template.get("description")).strip();
                found.add(new PipelineTemplate(id, description, unitId, version,
                        schema(id, description, template.get("parameters"))));
            }
        }
        return found;
    }

    private ObjectNode schema(String id, String description, Object parameters) {
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("type", "object");
        schema.put("title", id);
        if (description != null) {
            schema.put("description", description);
        }
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = json.createArrayNode();
        if (parameters instanceof List<?> list) {
            for (Object p : list) {
                if (!(p instanceof Map<?, ?> parameter) || parameter.get("name") == null) {
                    continue;
                }
                String name = String.valueOf(parameter.get("name"));
                ObjectNode property = properties.putObject(name);
                property.put("type", "string");
                property.put("minLength", 1);
                if (parameter.get("description") != null) {
                    property.put("description", String.valueOf(parameter.get("description")).strip());
                }
                Object defaultValue = parameter.get("defaultValue");
                if (defaultValue != null) {
                    property.put("default", String.valueOf(defaultValue));
                } else if (!Boolean.FALSE.equals(parameter.get("required"))
                        && !"false".equals(String.valueOf(parameter.get("required")))) {
                    required.add(name);
                }
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
