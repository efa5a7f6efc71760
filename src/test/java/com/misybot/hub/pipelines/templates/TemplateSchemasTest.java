package com.misybot.hub.pipelines.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class TemplateSchemasTest {

    private static final String YAML = """
            - routeTemplate:
                id: greeting
                description: Says hello on a path
                parameters:
                  - name: path
                    description: where it answers
                  - name: greeting
                    defaultValue: hello
                  - name: suffix
                    required: false
                route:
                  from:
                    uri: "platform-http:/api/v1/ext/{{path}}"
                    steps:
                      - setBody:
                          constant: "{{greeting}}"
            - route:
                id: not-a-template
                from:
                  uri: direct:x
                  steps:
                    - log: x
            """;

    private final ObjectMapper json = new ObjectMapper();
    private final TemplateSchemas schemas = new TemplateSchemas(json);

    @Test
    void should_derive_a_schema_with_required_and_defaults_when_a_unit_declares_a_template() {
        List<PipelineTemplate> templates = schemas.templates("greeting", 3, YAML);

        assertThat(templates).singleElement().satisfies(t -> {
            assertThat(t.templateId()).isEqualTo("greeting");
            assertThat(t.description()).isEqualTo("Says hello on a path");
            assertThat(t.version()).isEqualTo(3);
            assertThat(t.parameterSchema().path("required")).hasSize(1);
            assertThat(t.parameterSchema().path("required").get(0).asText()).isEqualTo("path");
            assertThat(t.parameterSchema().at("/properties/greeting/default").asText()).isEqualTo("hello");
            assertThat(t.parameterSchema().at("/properties/path/description").asText()).isEqualTo("where it answers");
        });
    }

    @Test
    void should_refuse_missing_and_unknown_parameters_when_validating_against_the_derived_schema() {
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schemas.templates("greeting", 1, YAML).get(0).parameterSchema());

        assertThat(schema.validate(json.createObjectNode().put("path", "hi"))).isEmpty();
        assertThat(schema.validate(json.createObjectNode().put("greeting", "hey")))
                .extracting(m -> m.getType()).containsExactly("required");
        assertThat(schema.validate(json.createObjectNode().put("path", "hi").put("colour", "red")))
                .extracting(m -> m.getType()).containsExactly("additionalProperties");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_write_one_templated_route_with_every_parameter_when_an_instance_is_made() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("path", "hello-fr");
        parameters.put("greeting", "bonjour: monde");

        String yaml = PipelineTemplates.yaml("greeting", "hello-fr", parameters);

        List<?> root = new Yaml().load(yaml);
        Map<?, ?> templated = (Map<?, ?>) ((Map<?, ?>) root.get(0)).get("templatedRoute");
        assertThat(templated.get("routeTemplateRef")).isEqualTo("greeting");
        assertThat(templated.get("routeId")).isEqualTo("hello-fr");
        assertThat((List<Object>) templated.get("parameters")).containsExactly(
                Map.of("name", "path", "value", "hello-fr"), Map.of("name", "greeting", "value", "bonjour: monde"));
    }
}
