package com.misybot.hub.ingress.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.misybot.hub.governance.security.AccessRules;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** ApiContract on a small Camel-shaped document, with the route model and the security rules stubbed. */
class ApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteSchemas routes = mock(RouteSchemas.class);
    private final AccessRules access = mock(AccessRules.class);
    private ApiContract contract;

    @BeforeEach
    void setUp() {
        when(routes.routeOf(anyString())).thenAnswer(i -> i.getArgument(0, String.class).replaceFirst("^rest-", ""));
        when(routes.requestSchema(anyString())).thenReturn(Optional.empty());
        when(routes.requestSchema("session-message-post")).thenReturn(Optional.of("session-message.request.json"));
        when(access.isAnonymous(anyString(), anyString())).thenReturn(false);
        when(access.isAnonymous("GET", "/.well-known/jwks.json")).thenReturn(true);
        when(access.isAnonymous("GET", "/api/v1/openapi.json")).thenReturn(true);
        when(access.rolesAllowed(anyString(), anyString())).thenReturn(AccessRules.ROLES);
        contract = new ApiContract(routes, access, new DefaultResourceLoader(), "file:config/schemas", JSON);
    }

    @Test
    void should_add_the_validated_schema_roles_and_problems_when_completing_a_rest_operation() throws Exception {
        // given: what camel-openapi-java renders for SessionRoutes' POST (a default response without description)
        ObjectNode document = camelDocument("""
                {"/sessions/{sessionId}/messages": {"post": {"tags": ["sessions"], "operationId": "rest-session-message-post",
                  "x-camelContextId": "misybot-hub",
                  "responses": {"202": {"description": "Accepted: {sessionId, turnId, correlationId}"}}}}}""");

        // when
        JsonNode completed = contract.complete(document);

        // then
        JsonNode operation = completed.at("/paths/~1sessions~1{sessionId}~1messages/post");
        assertThat(operation.path("operationId").asText()).isEqualTo("session-message-post");
        assertThat(operation.has("x-camelContextId")).isFalse();
        assertThat(operation.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SessionMessageRequest");
        assertThat(completed.at("/components/schemas/SessionMessageRequest/properties/text/maxLength").asInt())
                .isEqualTo(8000);
        assertThat(completed.at("/components/schemas/SessionMessageRequest").has("$schema")).isFalse();
        assertThat(operation.at("/responses/202/description").asText()).startsWith("Accepted: {sessionId");
        assertThat(operation.at("/responses/202/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SessionAcceptedResponse");
        assertThat(operation.at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/SessionRepliedResponse");
        assertThat(fieldNames(operation.path("responses")))
                .contains("400", "401", "404", "413", "415", "429", "502", "503", "default").doesNotContain("403");
        assertThat(operation.at("/responses/401/content/application~1problem+json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(operation.path("x-required-roles")).hasSize(4);
        assertThat(operation.path("security").toString()).isEqualTo("[{\"bearerAuth\":[]},{\"apiKeyAuth\":[]}]");
        assertThat(operation.path("parameters")).singleElement().satisfies(p -> {
            assertThat(p.path("name").asText()).isEqualTo("sessionId");
            assertThat(p.path("required").asBoolean()).isTrue();
        });
    }

    @Test
    void should_mark_restricted_and_anonymous_operations_when_the_rules_say_so() throws Exception {
        // given: an operator-only verb, plus the endpoints contract.yaml declares (JWKS is anonymous)
        when(access.rolesAllowed("GET", "/api/v1/admin/dlq")).thenReturn(List.of("operator", "superadmin"));
        ObjectNode document = camelDocument("""
                {"/admin/dlq": {"get": {"tags": ["dead letters"], "operationId": "rest-admin-dlq-counts",
                  "responses": {"default": {}}}}}""");

        // when
        JsonNode completed = contract.complete(document);

        // then
        JsonNode dlq = completed.at("/paths/~1admin~1dlq/get");
        assertThat(dlq.path("x-required-roles").toString()).isEqualTo("[\"operator\",\"superadmin\"]");
        assertThat(fieldNames(dlq.path("responses"))).containsExactly("200", "401", "403", "default");
        JsonNode jwks = completed.at("/paths/~1.well-known~1jwks.json");
        assertThat(jwks.at("/servers/0/url").asText()).isEqualTo("/");
        assertThat(jwks.at("/get/x-required-roles")).isEmpty();
        assertThat(jwks.at("/get/security")).isEmpty();
        assertThat(completed.at("/paths/~1info/get/operationId").asText()).isEqualTo("hub-info");
        assertThat(completed.at("/paths/~1sessions~1{sessionId}~1events/get/responses/200/content")
                .has("text/event-stream")).isTrue();
        assertThat(completed.at("/servers/0/url").asText()).isEqualTo("/api/v1");
        assertThat(completed.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(completed.at("/components/securitySchemes/apiKeyAuth/name").asText()).isEqualTo("X-Api-Key");
        assertThat(completed.path("tags")).anySatisfy(t -> {
            assertThat(t.path("name").asText()).isEqualTo("dead letters");
            assertThat(t.path("description").asText()).isNotBlank();
        });
    }

    private static ObjectNode camelDocument(String paths) throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree("""
                {"openapi": "3.1.0", "info": {"title": "MisyBot Agent Hub API", "version": "v1"},
                 "servers": [{"url": "http://0.0.0.0/api/v1"}]}""");
        document.set("paths", JSON.readTree(paths));
        return document;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
