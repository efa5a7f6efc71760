package com.misybot.hub.ingress.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.misybot.hub.governance.security.AccessRules;
import com.misybot.hub.platform.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Completes the OpenAPI document Camel generates from the REST DSL into the hub's API contract (OpenAPI 3.1):
 * request bodies from the JSON schemas the routes validate with, response schemas and extra endpoints from
 * {@code openapi/contract.yaml}, problem responses, security schemes and {@code x-required-roles} from the
 * security rules, a relative server URL.
 */
@Component
public class ApiContract {

    /** Where the REST DSL is served; paths of the document are relative to it. */
    public static final String BASE_PATH = "/api/v1";
    static final String BEARER = "bearerAuth";
    static final String API_KEY = "apiKeyAuth";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");
    private static final Pattern STATUS = Pattern.compile("[1-5]\\d\\d");

    private final RouteSchemas routeSchemas;
    private final AccessRules access;
    private final ResourceLoader resources;
    private final String schemaLocation;
    private final ObjectMapper json;
    private final JsonNode contract;

    public ApiContract(RouteSchemas routeSchemas, AccessRules access, ResourceLoader resources,
                       @Value("${hub.ingress.schemas}") String schemaLocation, ObjectMapper json) {
        this.routeSchemas = routeSchemas;
        this.access = access;
        this.resources = resources;
        this.schemaLocation = schemaLocation;
        this.json = json;
        this.contract = read("classpath:openapi/contract.yaml", new YAMLMapper());
    }

    /** The served-but-undocumented path prefixes of {@code contract.yaml}, with the reason for each. */
    public Map<String, String> undocumented() {
        Map<String, String> prefixes = new LinkedHashMap<>();
        contract.path("undocumented").fields().forEachRemaining(e -> prefixes.put(e.getKey(), e.getValue().asText()));
        return prefixes;
    }

    /** Turns Camel's document of the REST DSL into the contract, in place. */
    public ObjectNode complete(ObjectNode document) {
        Map<String, JsonNode> schemas = new TreeMap<>();
        schemas.put(PROBLEM, schema("problem.json"));
        ObjectNode camelPaths = document.with("paths");
        Map<String, ObjectNode> paths = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = camelPaths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            ObjectNode item = (ObjectNode) path.getValue();
            paths.put(path.getKey(), item);
            item.fields().forEachRemaining(e -> {
                if (METHODS.contains(e.getKey())) {
                    completeRestOperation(path.getKey(), e.getKey(), (ObjectNode) e.getValue(), schemas);
                }
            });
        }
        addOtherEndpoints(paths, schemas);

        document.put("openapi", "3.1.0");
        document.put("jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema");
        document.with("info").put("description", "The MisyBot Agent Hub's HTTP API. Errors are RFC 9457 problems "
                + "(application/problem+json). Callers authenticate with a bearer JWT from POST /auth/token or a "
                + "service API key in X-Api-Key; x-required-roles lists the roles each operation lets in (empty: "
                + "anonymous).");
        document.set("servers", json.createArrayNode().add(json.createObjectNode().put("url", BASE_PATH)
                .put("description", "This hub (the few paths outside " + BASE_PATH + " name their own server)")));
        document.set("tags", tags(paths));
        ObjectNode sortedPaths = json.createObjectNode();
        paths.forEach(sortedPaths::set);
        document.set("paths", sortedPaths);
        ObjectNode components = json.createObjectNode();
        ObjectNode componentSchemas = components.putObject("schemas");
        schemas.forEach(componentSchemas::set);
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject(BEARER).put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "RS256 access token of POST /auth/token (or of the configured issuer); "
                        + "roles in its roles claim");
        schemes.putObject(API_KEY).put("type", "apiKey").put("in", "header").put("name", "X-Api-Key")
                .put("description", "Service API key (POST /admin/api-keys); it has one role");
        document.set("components", components);
        return document;
    }

    private void completeRestOperation(String path, String method, ObjectNode operation, Map<String, JsonNode> schemas) {
        String routeId = routeSchemas.routeOf(operation.path("operationId").asText());
        operation.put("operationId", routeId);
        operation.remove("x-camelContextId");
        routeSchemas.requestSchema(routeId).ifPresent(file -> {
            String name = componentName(file);
            schemas.put(name, schema(file));
            ObjectNode body = operation.putObject("requestBody").put("required", true);
            body.put("description", schemas.get(name).path("title").asText(name));
            body.putObject("content").putObject("application/json").set("schema", ref(name));
        });
        completeOperation(path, BASE_PATH + path, method, operation, routeId, schemas);
    }

    /** Endpoints the REST DSL does not serve (platform-http routes, Spring MVC): declared in contract.yaml. */
    private void addOtherEndpoints(Map<String, ObjectNode> paths, Map<String, JsonNode> schemas) {
        contract.path("operations").fields().forEachRemaining(entry -> {
            JsonNode line = entry.getValue();
            for (String method : METHODS) {
                if (!line.has(method)) {
                    continue;
                }
                String uri = line.get(method).asText();
                boolean underBase = uri.startsWith(BASE_PATH + "/");
                String path = underBase ? uri.substring(BASE_PATH.length()) : uri;
                ObjectNode item = paths.computeIfAbsent(path, p -> json.createObjectNode());
                if (!underBase) {
                    item.set("servers", json.createArrayNode().add(json.createObjectNode().put("url", "/")
                            .put("description", "The hub's root: this path is outside " + BASE_PATH)));
                }
                ObjectNode operation = item.putObject(method);
                operation.putArray("tags").add(line.path("tag").asText());
                operation.put("summary", line.path("summary").asText());
                operation.put("operationId", entry.getKey());
                line.path("headers").fields().forEachRemaining(h -> operation.withArray("parameters")
                        .addObject().put("name", h.getKey()).put("in", "header").put("required", false)
                        .put("description", h.getValue().asText()).putObject("schema").put("type", "string"));
                line.path("query").fields().forEachRemaining(q -> operation.withArray("parameters")
                        .addObject().put("name", q.getKey()).put("in", "query").put("required", false)
                        .put("description", q.getValue().asText()).putObject("schema").put("type", "string"));
                completeOperation(path, uri, method, operation, entry.getKey(), schemas);
            }
        });
    }

    private void completeOperation(String path, String uri, String method, ObjectNode operation, String id,
                                   Map<String, JsonNode> schemas) {
        JsonNode line = contract.path("operations").path(id);
        declarePathParameters(path, operation);

        // the success answers of contract.yaml, keeping the REST DSL's wording of each status where it has one
        JsonNode declared = operation.path("responses");
        ObjectNode responses = json.createObjectNode();
        String produces = line.path("produces").asText("application/json");
        line.fields().forEachRemaining(e -> {
            if (STATUS.matcher(e.getKey()).matches()) {
                String name = componentName(e.getValue().asText() + ".response.json");
                schemas.put(name, schema(e.getValue().asText() + ".response.json"));
                ObjectNode response = responses.putObject(e.getKey()).put("description",
                        declared.path(e.getKey()).path("description").asText(reason(Integer.parseInt(e.getKey()))));
                response.putObject("content").putObject(produces).set("schema", ref(name));
            }
        });
        if (responses.isEmpty()) {
            // not in contract.yaml yet: a response without a schema, which the contract test reports
            responses.putObject("200").put("description", "OK");
        }

        // who may call it, as the security rules decide for a concrete request
        String sample = PATH_PARAM.matcher(uri).replaceAll("x");
        String httpMethod = method.toUpperCase(Locale.ROOT);
        boolean anonymous = access.isAnonymous(httpMethod, sample);
        List<String> roles = anonymous ? List.of() : access.rolesAllowed(httpMethod, sample);
        ArrayNode requiredRoles = operation.putArray("x-required-roles");
        roles.forEach(requiredRoles::add);
        ArrayNode security = operation.putArray("security");
        if (!anonymous) {
            security.addObject().putArray(BEARER);
            security.addObject().putArray(API_KEY);
        }

        // problems: those that follow from the operation's shape, plus the ones contract.yaml names
        Set<Integer> problems = new TreeSet<>();
        boolean body = operation.has("requestBody");
        if (body || operation.has("parameters")) {
            problems.add(400);
        }
        if (!anonymous) {
            problems.add(401);
            if (roles.size() < AccessRules.ROLES.size()) {
                problems.add(403);
            }
        }
        if (path.contains("{")) {
            problems.add(404);
        }
        if (body) {
            problems.add(413);
            problems.add(415);
        }
        line.path("problems").forEach(code -> problems.add(code.asInt()));
        for (int code : problems) {
            responses.set(String.valueOf(code), problem(ProblemType.forStatus(code).title()));
        }
        responses.set("default", problem("Unexpected error"));
        operation.set("responses", responses);
    }

    /** Every {name} of the path is a required string parameter, described by the REST DSL when it says more. */
    private void declarePathParameters(String path, ObjectNode operation) {
        Matcher names = PATH_PARAM.matcher(path);
        while (names.find()) {
            String name = names.group(1);
            ObjectNode parameter = null;
            for (JsonNode p : operation.path("parameters")) {
                if (name.equals(p.path("name").asText()) && "path".equals(p.path("in").asText())) {
                    parameter = (ObjectNode) p;
                }
            }
            if (parameter == null) {
                parameter = operation.withArray("parameters").addObject().put("name", name).put("in", "path");
                parameter.putObject("schema").put("type", "string");
            }
            parameter.put("required", true);
        }
    }

    private ArrayNode tags(Map<String, ObjectNode> paths) {
        Set<String> used = new TreeSet<>();
        paths.values().forEach(item -> item.fields().forEachRemaining(e -> e.getValue().path("tags")
                .forEach(t -> used.add(t.asText()))));
        ArrayNode tags = json.createArrayNode();
        for (String tag : used) {
            ObjectNode node = tags.addObject().put("name", tag);
            if (contract.path("tags").has(tag)) {
                node.put("description", contract.path("tags").get(tag).asText());
            }
        }
        return tags;
    }

    private ObjectNode problem(String description) {
        ObjectNode response = json.createObjectNode().put("description", description + " (RFC 9457 problem)");
        response.putObject("content").putObject(PROBLEM_JSON).set("schema", ref(PROBLEM));
        return response;
    }

    private ObjectNode ref(String component) {
        return json.createObjectNode().put("$ref", "#/components/schemas/" + component);
    }

    /** A schema of config/schemas as a component: the same JSON Schema 2020-12 OpenAPI 3.1 takes as it is. */
    private JsonNode schema(String file) {
        ObjectNode schema = (ObjectNode) read(schemaLocation + "/" + file, json);
        // the document's dialect is 2020-12 already; an $id would make its references relative to another base
        schema.remove("$schema");
        schema.remove("$id");
        return schema;
    }

    /** {@code session-message.request.json} → {@code SessionMessageRequest}. */
    static String componentName(String file) {
        StringBuilder name = new StringBuilder();
        for (String word : file.replaceFirst("\\.json$", "").split("[-._]")) {
            if (!word.isEmpty()) {
                name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return name.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            default -> "Success";
        };
    }

    private JsonNode read(String location, ObjectMapper mapper) {
        try (InputStream in = resources.getResource(location).getInputStream()) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + location, e);
        }
    }
}
