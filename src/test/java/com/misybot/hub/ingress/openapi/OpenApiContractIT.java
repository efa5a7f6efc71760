package com.misybot.hub.ingress.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.governance.security.AccessRules;
import com.misybot.hub.support.Http;
import com.misybot.hub.support.HubIntegrationTest;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The API contract as the running hub serves it: a valid OpenAPI 3.1 document (swagger-parser) that lists every
 * endpoint the hub answers, with request and response schemas, problem responses and the roles the security rules
 * really let in; equal to the committed docs/openapi.json the client is generated from.
 */
class OpenApiContractIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Autowired
    private CamelContext camel;

    @Autowired
    private RouteSchemas routeSchemas;

    @Autowired
    private ApiContract contract;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mvc;

    @Test
    void should_be_valid_openapi_3_1_when_the_running_hub_serves_it() {
        // when
        Http.Answer answer = http.get("/api/v1/openapi.json");
        SwaggerParseResult parsed = validate(answer.body());

        // then
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(parsed.getOpenAPI().getServers()).singleElement()
                .satisfies(server -> assertThat(server.getUrl()).isEqualTo("/api/v1"));
        assertThat(parsed.getOpenAPI().getPaths()).hasSizeGreaterThan(20);
    }

    @Test
    void should_report_the_old_defects_when_the_validator_reads_a_broken_copy() throws IOException {
        // given: the served document with one response stripped of its description (what Camel alone produced)
        ObjectNode document = document();
        ((ObjectNode) document.at("/paths/~1sessions~1{sessionId}/get/responses/200")).remove("description");
        ((ObjectNode) document.at("/paths/~1search/post/requestBody/content/application~1json/schema"))
                .put("$ref", "#/components/schemas/NoSuchSchema");

        // when
        SwaggerParseResult parsed = validate(JSON.writeValueAsString(document));

        // then: the validator the contract is checked with does see both defects
        assertThat(parsed.getMessages()).anySatisfy(m -> assertThat(m).contains("description"))
                .anySatisfy(m -> assertThat(m).contains("NoSuchSchema"));
    }

    @Test
    void should_list_every_served_endpoint_when_compared_with_the_running_routes() throws IOException {
        // given
        JsonNode paths = document().path("paths");
        Map<String, String> undocumented = contract.undocumented();

        // then: every REST DSL verb, under the id of the route that serves it
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() + (verb.getPath() == null ? "" : verb.getPath())).replace("//", "/");
                JsonNode operation = paths.path(path).path(verb.asVerb().toLowerCase(Locale.ROOT));
                assertThat(operation.isObject()).as(verb.asVerb() + " " + path).isTrue();
                assertThat(operation.path("operationId").asText()).isEqualTo(routeSchemas.routeOf(verb.getId()));
                // a verb that takes JSON documents the schema its route validates the body with
                String consumes = verb.getConsumes() != null ? verb.getConsumes() : rest.getConsumes();
                if (consumes != null && consumes.contains("json")) {
                    assertThat(operation.at("/requestBody/content/application~1json/schema/$ref").asText())
                            .as(verb.asVerb() + " " + path + " takes JSON: its route must validate it "
                                    + "(jsonIngress) so the contract can show the schema").isNotBlank();
                }
            }
        }
        // then: every platform-http endpoint (REST DSL, the YAML /info route, JWKS, ...), each of its methods
        PlatformHttpComponent platformHttp = camel.getComponent("platform-http", PlatformHttpComponent.class);
        List<String> served = new ArrayList<>();
        for (HttpEndpointModel endpoint : platformHttp.getHttpEndpoints()) {
            String verbs = endpoint.getVerbs() == null ? "" : endpoint.getVerbs();
            for (String verb : verbs.split(",")) {
                served.add(verb.trim().toLowerCase(Locale.ROOT) + " " + endpoint.getUri());
            }
        }
        // then: every Spring MVC endpoint of the API (the session events stream, ...)
        for (RequestMappingInfo info : mvc.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name().toLowerCase() + " " + pattern));
                if (info.getMethodsCondition().getMethods().isEmpty()) {
                    served.add(" " + pattern);
                }
            }
        }
        assertThat(served).as("served endpoints").hasSizeGreaterThan(25)
                .contains("get /api/v1/info", "get /.well-known/jwks.json", "get /api/v1/sessions/{sessionId}/events");
        for (String endpoint : served) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String uri = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (!(uri.startsWith("/api/") || uri.startsWith("/.well-known/"))
                    || undocumented.keySet().stream().anyMatch(uri::startsWith)) {
                continue;
            }
            String path = uri.startsWith(ApiContract.BASE_PATH + "/") ? uri.substring(ApiContract.BASE_PATH.length()) : uri;
            JsonNode item = paths.path(path);
            assertThat(item.isObject()).as("documented: " + endpoint).isTrue();
            if (!method.isEmpty()) {
                assertThat(item.has(method)).as("documented: " + endpoint).isTrue();
            }
        }
    }

    @Test
    void should_give_every_operation_its_schemas_problems_and_roles_when_listed() throws IOException {
        // given
        JsonNode document = document();
        JsonNode schemas = document.path("components").path("schemas");

        // then: the security schemes
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("bearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearerAuth").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(schemes.path("apiKeyAuth").path("type").asText()).isEqualTo("apiKey");
        assertThat(schemes.path("apiKeyAuth").path("in").asText()).isEqualTo("header");
        assertThat(schemes.path("apiKeyAuth").path("name").asText()).isEqualTo("X-Api-Key");
        Set<String> tags = new TreeSet<>();
        document.path("tags").forEach(t -> tags.add(t.path("name").asText()));

        int operations = 0;
        for (Map.Entry<String, JsonNode> path : iterable(document.path("paths"))) {
            for (Map.Entry<String, JsonNode> entry : iterable(path.getValue())) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                operations++;
                String name = entry.getKey() + " " + path.getKey();
                JsonNode operation = entry.getValue();
                String id = operation.path("operationId").asText();
                assertThat(id).as(name).isNotBlank();
                assertThat(operation.path("tags")).as(name).isNotEmpty()
                        .allSatisfy(t -> assertThat(tags).contains(t.asText()));

                // a body that is validated has the very schema it is validated with
                boolean jsonBody = routeSchemas.requestSchema(id).isPresent();
                if (jsonBody) {
                    String ref = operation.at("/requestBody/content/application~1json/schema/$ref").asText();
                    assertThat(ref).as(name + " request schema").isEqualTo("#/components/schemas/"
                            + ApiContract.componentName(routeSchemas.requestSchema(id).get()));
                    assertThat(schemas.has(ref.substring(ref.lastIndexOf('/') + 1))).as(ref).isTrue();
                } else {
                    assertThat(operation.has("requestBody")).as(name + " has no body to describe").isFalse();
                }

                // a success answer with a schema, problems for the errors, a description for every response
                JsonNode responses = operation.path("responses");
                List<String> codes = new ArrayList<>();
                responses.fieldNames().forEachRemaining(codes::add);
                assertThat(codes).as(name).anyMatch(c -> c.startsWith("2")).contains("default");
                for (String code : codes) {
                    JsonNode response = responses.get(code);
                    assertThat(response.path("description").asText()).as(name + " " + code).isNotBlank();
                    JsonNode content = response.path("content");
                    assertThat(content.size()).as(name + " " + code + " content: declare its response schema in "
                            + "src/main/resources/openapi/contract.yaml").isEqualTo(1);
                    String ref = content.elements().next().path("schema").path("$ref").asText();
                    assertThat(schemas.has(ref.replace("#/components/schemas/", ""))).as(name + " " + code).isTrue();
                    if (!code.startsWith("2")) {
                        assertThat(content.has("application/problem+json")).as(name + " " + code).isTrue();
                        assertThat(ref).isEqualTo("#/components/schemas/Problem");
                    }
                }

                // the roles, and a security requirement exactly when the operation is not anonymous
                List<String> roles = new ArrayList<>();
                operation.path("x-required-roles").forEach(r -> roles.add(r.asText()));
                assertThat(operation.path("x-required-roles").isArray()).as(name).isTrue();
                assertThat(AccessRules.ROLES).containsAll(roles);
                if (roles.isEmpty()) {
                    assertThat(operation.path("security")).as(name).isEmpty();
                } else {
                    assertThat(operation.path("security").toString())
                            .isEqualTo("[{\"bearerAuth\":[]},{\"apiKeyAuth\":[]}]");
                    assertThat(codes).as(name).contains("401");
                }
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(28);
    }

    @Test
    void should_answer_401_or_403_when_a_caller_lacks_the_listed_roles() throws IOException {
        // given: one caller per role, and what the stores hold before
        Map<String, TestUser> callers = new LinkedHashMap<>();
        AccessRules.ROLES.forEach(role -> callers.put(role, user(role)));
        String before = storeCounts();

        // when / then: every operation, tried with no credentials and with each role
        int tried = 0;
        for (Map.Entry<String, JsonNode> path : iterable(document().path("paths"))) {
            for (Map.Entry<String, JsonNode> entry : iterable(path.getValue())) {
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                String method = entry.getKey().toUpperCase(Locale.ROOT);
                String uri = (path.getValue().has("servers") ? "" : ApiContract.BASE_PATH)
                        + path.getKey().replaceAll("\\{[^}]+}", "probe-" + UUID.randomUUID());
                String body = operation.has("requestBody") ? "{}" : null;
                if (operation.path("responses").path("200").path("content").has("text/event-stream")) {
                    // a stream the caller may open never ends: a filter it refuses (400) answers at once, after
                    // the authorization this test is about
                    uri += "?level=probe";
                }
                List<String> roles = new ArrayList<>();
                operation.path("x-required-roles").forEach(r -> roles.add(r.asText()));

                int anonymous = http.send(method, uri, body == null ? null : "application/json", body).status();
                if (roles.isEmpty()) {
                    assertThat(anonymous).as("anonymous " + method + " " + uri).isNotIn(401, 403);
                    continue;
                }
                assertThat(anonymous).as("anonymous " + method + " " + uri).isEqualTo(401);
                for (Map.Entry<String, TestUser> caller : callers.entrySet()) {
                    int status = http.send(method, uri, body == null ? null : "application/json", body,
                            Http.bearer(caller.getValue().accessToken())).status();
                    if (roles.contains(caller.getKey())) {
                        assertThat(status).as(caller.getKey() + " " + method + " " + uri).isNotIn(401, 403);
                    } else {
                        assertThat(status).as(caller.getKey() + " " + method + " " + uri).isEqualTo(403);
                    }
                    tried++;
                }
            }
        }

        // then: nothing was written by any of those calls
        assertThat(tried).isGreaterThan(80);
        assertThat(storeCounts()).isEqualTo(before);
    }

    @Test
    void should_answer_bodies_that_match_the_response_schemas_when_called() throws IOException {
        // given
        JsonNode document = document();
        TestUser user = user("user");
        TestUser operator = user("operator");
        String session = newSessionId();
        String[] asUser = Http.bearer(user.accessToken());

        // when / then: each answer matches the schema the document gives its operation and status
        assertMatches(document, "post", "/auth/token", http.postJson("/api/v1/auth/token",
                "{\"grant_type\":\"password\",\"username\":\"" + user.username() + "\",\"password\":\""
                        + STRONG_PASSWORD + "\"}"));
        assertMatches(document, "post", "/sessions/{sessionId}/messages", http.postJson(
                "/api/v1/sessions/" + session + "/messages", "{\"text\":\"Three hooks for a cold brew reel\"}", asUser));
        assertMatches(document, "get", "/sessions/{sessionId}", http.get("/api/v1/sessions/" + session, asUser));
        assertMatches(document, "get", "/sessions/{sessionId}/context",
                http.get("/api/v1/sessions/" + session + "/context", asUser));
        Http.Answer snapshot = http.send("POST", "/api/v1/sessions/" + session + "/snapshots", null, null, asUser);
        assertMatches(document, "post", "/sessions/{sessionId}/snapshots", snapshot);
        assertMatches(document, "get", "/snapshots/{snapshotRef}",
                http.get("/api/v1/snapshots/" + snapshot.json().path("snapshotRef").asText(), asUser));
        assertMatches(document, "get", "/calendar", http.get("/api/v1/calendar", asUser));
        assertMatches(document, "get", "/sagas", http.get("/api/v1/sagas", Http.bearer(operator.accessToken())));
        assertMatches(document, "get", "/admin/dlq", http.get("/api/v1/admin/dlq", Http.bearer(operator.accessToken())));
        assertMatches(document, "get", "/info", http.get("/api/v1/info", asUser));
        assertMatches(document, "get", "/.well-known/jwks.json", http.get("/.well-known/jwks.json"));
        assertMatches(document, "post", "/sessions/{sessionId}/messages", http.postJson(
                "/api/v1/sessions/" + session + "/messages", "{\"text\":\"\",\"extra\":1}", asUser));
    }

    @Test
    void should_equal_the_committed_docs_openapi_json_when_served() throws IOException {
        // given
        Http.Answer served = http.get("/api/v1/openapi.json");
        JsonNode committed = JSON.readTree(COMMITTED.toFile());

        // when
        boolean equal = JSON.readTree(served.body()).equals(committed);
        if (!equal) {
            Files.writeString(Path.of("target/openapi.json"), served.body());
        }

        // then
        assertThat(equal).as("docs/openapi.json is not what the hub serves (the client is generated from it): "
                + "review target/openapi.json and copy it to docs/openapi.json").isTrue();
    }

    /** The status's schema for {@code method path} in the document, applied to the answer's body. */
    private static void assertMatches(JsonNode document, String method, String path, Http.Answer answer) {
        JsonNode response = document.path("paths").path(path).path(method).path("responses")
                .path(String.valueOf(answer.status()));
        assertThat(response.isObject()).as(method + " " + path + " answered " + answer.status() + ": " + answer.body())
                .isTrue();
        String type = answer.contentType().split(";")[0];
        String ref = response.path("content").path(type).path("schema").path("$ref").asText();
        assertThat(ref).as(method + " " + path + " " + answer.status() + " " + type).isNotBlank();
        JsonNode schema = document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(schema).validate(answer.json());
        assertThat(errors).as(method + " " + path + " " + answer.status() + ": " + answer.body()).isEmpty();
    }

    private String storeCounts() {
        return count("SELECT count(*) FROM app_user") + "/" + count("SELECT count(*) FROM api_key") + "/"
                + count("SELECT count(*) FROM context_turn") + "/" + count("SELECT count(*) FROM context_snapshot")
                + "/" + count("SELECT count(*) FROM saga") + "/" + count("SELECT count(*) FROM context_bundle");
    }

    private ObjectNode document() throws IOException {
        return (ObjectNode) JSON.readTree(http.get("/api/v1/openapi.json").body());
    }

    private static SwaggerParseResult validate(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
