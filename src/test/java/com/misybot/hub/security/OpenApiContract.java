package com.misybot.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.misybot.hub.support.Http;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub's own OpenAPI document, fetched from the running hub, as the list of operations the OWASP suite attacks:
 * method, path template (absolute, with the server's base), {@code x-required-roles}, request schema (references
 * resolved) and path parameters. A new endpoint in the document is covered by every test of the suite without
 * editing it.
 */
public final class OpenApiContract {

    /** Roles of the hub, least privileged first. */
    public static final List<String> ROLES = List.of("user", "auditor", "operator", "superadmin");

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

    /** One operation of the document. */
    public record Operation(String id, String method, String path, List<String> requiredRoles, JsonNode requestSchema,
                            List<String> pathParameters, List<String> queryParameters, Set<String> produces) {

        /** Anonymous: {@code x-required-roles} is empty. */
        public boolean anonymous() {
            return requiredRoles.isEmpty();
        }

        public boolean allows(String role) {
            return requiredRoles.contains(role);
        }

        public boolean hasBody() {
            return requestSchema != null;
        }

        /** Answers a stream (Server-Sent Events) rather than one document. */
        public boolean streams() {
            return produces.contains("text/event-stream");
        }

        /** The least privileged role that may call it, or null when it is anonymous. */
        public String leastPrivilegedRole() {
            return ROLES.stream().filter(requiredRoles::contains).findFirst().orElse(null);
        }

        /** The path with each {parameter} replaced by {@code values.get(parameter)} (URL-safe values only). */
        public String uri(Map<String, String> values) {
            Matcher m = PATH_PARAMETER.matcher(path);
            StringBuilder uri = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException(this + ": no test value for path parameter {" + m.group(1) + "}");
                }
                m.appendReplacement(uri, Matcher.quoteReplacement(value));
            }
            return m.appendTail(uri).toString();
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + id + ")";
        }
    }

    private final JsonNode document;
    private final List<Operation> operations;

    private OpenApiContract(JsonNode document) {
        this.document = document;
        this.operations = List.copyOf(read(document));
    }

    /** GET /api/v1/openapi.json from the running hub (anonymously, as anyone can). */
    public static OpenApiContract fetch(Http http) {
        Http.Answer answer = http.get("/api/v1/openapi.json");
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/v1/openapi.json answered " + answer.status() + ": " + answer.body());
        }
        return new OpenApiContract(answer.json());
    }

    public List<Operation> operations() {
        return operations;
    }

    public List<Operation> withBody() {
        return operations.stream().filter(Operation::hasBody).toList();
    }

    public Optional<Operation> find(String method, String path) {
        return operations.stream().filter(o -> o.method().equals(method) && o.path().equals(path)).findFirst();
    }

    /** Whether a concrete request path (no query) is one of the document's path templates. */
    public boolean documents(String concretePath) {
        return operations.stream().anyMatch(o -> matches(o.path(), concretePath));
    }

    static boolean matches(String template, String concretePath) {
        String regex = Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
        return concretePath.matches(regex);
    }

    private static List<Operation> read(JsonNode document) {
        String base = basePath(document.path("servers"));
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> item = paths.next();
            // a path item outside the base names its own server (e.g. "/" for /.well-known/jwks.json)
            String itemBase = item.getValue().has("servers") ? basePath(item.getValue().path("servers")) : base;
            String path = (itemBase + item.getKey()).replaceAll("//+", "/");
            for (Iterator<Map.Entry<String, JsonNode>> ops = item.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                JsonNode operation = op.getValue();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String id = operation.path("operationId").asText(method + " " + path);
                JsonNode roles = operation.get("x-required-roles");
                if (roles == null || !roles.isArray()) {
                    throw new IllegalStateException("The OpenAPI document states no x-required-roles for " + method
                            + " " + path + ": the security suite cannot tell who may call it");
                }
                List<String> required = new ArrayList<>();
                roles.forEach(r -> required.add(r.asText()));
                List<String> pathParameters = new ArrayList<>();
                Matcher m = PATH_PARAMETER.matcher(item.getKey());
                while (m.find()) {
                    pathParameters.add(m.group(1));
                }
                List<String> query = new ArrayList<>();
                for (JsonNode p : operation.path("parameters")) {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                }
                JsonNode schema = operation.path("requestBody").path("content").path("application/json").path("schema");
                Set<String> produces = new java.util.TreeSet<>();
                operation.path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(produces::add));
                operations.add(new Operation(id, method, path, List.copyOf(required),
                        schema.isMissingNode() ? null : resolve(document, schema, 0), List.copyOf(pathParameters),
                        List.copyOf(query), produces));
            }
        }
        return operations;
    }

    private static String basePath(JsonNode servers) {
        String url = servers.path(0).path("url").asText("/");
        String path = URI.create(url).getPath();
        return path == null || path.equals("/") ? "" : path.replaceAll("/$", "");
    }

    /** The schema with every local {@code $ref} (#/components/...) replaced by what it names. */
    static JsonNode resolve(JsonNode document, JsonNode schema, int depth) {
        if (depth > 64) {
            throw new IllegalStateException("$ref cycle in the OpenAPI document");
        }
        if (schema.isObject() && schema.has("$ref") && schema.get("$ref").asText().startsWith("#/")) {
            JsonNode target = document.at(schema.get("$ref").asText().substring(1));
            if (target.isMissingNode()) {
                throw new IllegalStateException("Unresolvable " + schema.get("$ref").asText());
            }
            return resolve(document, target, depth + 1);
        }
        if (schema.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) schema).deepCopy();
            schema.fields().forEachRemaining(e -> copy.set(e.getKey(), resolve(document, e.getValue(), depth + 1)));
            return copy;
        }
        if (schema.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) schema).deepCopy();
            for (int i = 0; i < schema.size(); i++) {
                copy.set(i, resolve(document, schema.get(i), depth + 1));
            }
            return copy;
        }
        return schema;
    }

    public JsonNode document() {
        return document;
    }
}
