package com.misybot.hub.ingress.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** openapi/contract.yaml and the schemas it names, checked without starting the hub. */
class ContractFileTest {

    private static final Path SCHEMAS = Path.of("config/schemas");

    @Test
    void should_name_only_existing_valid_2020_12_schemas_when_declaring_responses() throws IOException {
        // given
        JsonNode contract = new YAMLMapper().readTree(Path.of("src/main/resources/openapi/contract.yaml").toFile());
        var metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        // when / then
        int responses = 0;
        for (Map.Entry<String, JsonNode> operation : iterable(contract.path("operations"))) {
            for (Map.Entry<String, JsonNode> field : iterable(operation.getValue())) {
                if (!field.getKey().matches("[1-5]\\d\\d")) {
                    continue;
                }
                Path file = SCHEMAS.resolve(field.getValue().asText() + ".response.json");
                assertThat(file).as(operation.getKey() + " " + field.getKey()).exists();
                JsonNode schema = new ObjectMapper().readTree(file.toFile());
                assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
                assertThat(schema.path("title").asText()).as(file.toString()).isNotBlank();
                assertThat(metaSchema.validate(schema)).as(file.toString()).isEmpty();
                responses++;
            }
        }
        assertThat(responses).isGreaterThanOrEqualTo(28);
        assertThat(SCHEMAS.resolve("problem.json")).exists();
    }

    @Test
    void should_declare_method_path_tag_and_summary_when_an_endpoint_is_not_rest_dsl() throws IOException {
        // given
        JsonNode contract = new YAMLMapper().readTree(Path.of("src/main/resources/openapi/contract.yaml").toFile());

        // when / then
        int endpoints = 0;
        for (Map.Entry<String, JsonNode> operation : iterable(contract.path("operations"))) {
            JsonNode line = operation.getValue();
            if (line.has("get") || line.has("post") || line.has("put") || line.has("delete")) {
                assertThat(line.path("tag").asText()).as(operation.getKey()).isNotBlank();
                assertThat(contract.path("tags").has(line.path("tag").asText())).as(operation.getKey()).isTrue();
                assertThat(line.path("summary").asText()).as(operation.getKey()).isNotBlank();
                endpoints++;
            }
        }
        assertThat(endpoints).isGreaterThanOrEqualTo(4);
    }

    @Test
    void should_name_components_after_the_schema_file_when_embedding_it() {
        assertThat(ApiContract.componentName("session-message.request.json")).isEqualTo("SessionMessageRequest");
        assertThat(ApiContract.componentName("dlq-counts.response.json")).isEqualTo("DlqCountsResponse");
        assertThat(ApiContract.componentName("problem.json")).isEqualTo("Problem");
    }

    @Test
    void should_keep_every_request_schema_embeddable_when_read_as_openapi_3_1() throws IOException {
        // given: the request schemas the routes validate with are embedded as they are
        try (var files = Files.list(SCHEMAS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".request.json")).toList()) {
                JsonNode schema = new ObjectMapper().readTree(file.toFile());

                // then: the 2020-12 dialect OpenAPI 3.1 uses, and no reference outside the file
                assertThat(schema.path("$schema").asText()).as(file.toString())
                        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
                assertThat(schema.toString()).as(file.toString()).doesNotContain("\"$ref\"");
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
