package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which endpoints operator YAML may name: a scheme allowed for one of the caller's roles, never {@code exec:},
 * {@code class:} or the components that act on the platform itself; {@code bean:} only for the processors catalog,
 * {@code file:} only inside the configured folders, {@code platform-http:} only under the configured paths,
 * {@code kamelet:} only for kamelets that exist. A scheme must be written literally: one computed at run time
 * (a placeholder or an expression) could be anything.
 */
final class EndpointRules {

    /** Refused whatever the configuration says: they run commands, load classes or steer the platform's routes. */
    static final Set<String> NEVER = Set.of("exec", "class", "language", "ref", "controlbus", "jmx", "ssh",
            "docker", "stub");
    /** Step keys whose plain-text value is an endpoint URI. */
    private static final Set<String> URI_KEYS = Set.of("from", "to", "toD", "wireTap", "inOnly", "inOut");
    /** Steps whose endpoint is an expression: allowed only as a constant. */
    private static final Set<String> DYNAMIC = Set.of("recipientList", "routingSlip", "dynamicRouter", "enrich",
            "pollEnrich");

    private final RoutePolicyProperties policy;
    private final Predicate<String> beans;
    private final KameletCatalog kamelets;

    EndpointRules(RoutePolicyProperties policy, Predicate<String> beans, KameletCatalog kamelets) {
        this.policy = policy;
        this.beans = beans;
        this.kamelets = kamelets;
    }

    void check(YamlDocument doc, Set<String> roles, List<RouteError> errors) {
        Set<String> allowed = policy.schemesFor(roles);
        Set<String> ownTemplates = Set.copyOf(UnitIds.of(doc).templateIds());
        Nodes.walk(doc.root(), (pointer, key, value, parentKey) -> {
            if ("parameters".equals(parentKey)) {
                return; // endpoint options and template parameters, not steps
            }
            if (value.isTextual() && ("uri".equals(key) || URI_KEYS.contains(key))) {
                boolean inTemplate = pointer.matches("/\\d+/routeTemplate/.*");
                String uri = value.asText();
                String problem = problem(uri, allowed, roles, ownTemplates, inTemplate);
                if (problem == null && uri.startsWith("file:")) {
                    problem = fileOptionsProblem(uri, doc.root().at(pointer.substring(0, pointer.lastIndexOf('/'))
                            + "/parameters"));
                }
                if (problem != null) {
                    errors.add(doc.error(pointer, problem));
                }
            } else if (DYNAMIC.contains(key) && !policy.allowDynamicEndpoints()) {
                JsonNode constant = value.isObject() ? value.get("constant") : null;
                if (constant == null || !constant.isTextual()) {
                    errors.add(doc.keyAt(pointer).error("'" + key + "' must name its endpoints with a constant:"
                            + " an endpoint computed at run time escapes the hub's endpoint policy"));
                } else {
                    for (String uri : constant.asText().split(",")) {
                        String problem = problem(uri.trim(), allowed, roles, ownTemplates, false);
                        if (problem != null) {
                            errors.add(doc.error(pointer + "/constant", problem));
                        }
                    }
                }
            }
        });
    }

    private String problem(String uri, Set<String> allowed, Set<String> roles, Set<String> ownTemplates,
                           boolean inTemplate) {
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return "Endpoint '" + uri + "' has no scheme (as in direct:name)";
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        String path = stripSlashes(rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest);
        if (scheme.contains("{{") || scheme.contains("${") || scheme.contains("$simple{")) {
            return "Endpoint '" + uri + "': the scheme must be written literally, not computed";
        }
        if (NEVER.contains(scheme)) {
            return "'" + scheme + ":' endpoints are never allowed in operator YAML";
        }
        if (!allowed.contains(scheme)) {
            return "'" + scheme + ":' is not allowed for roles " + new java.util.TreeSet<>(roles)
                    + " (hub.routes.policy.schemes)";
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.contains("#class:") || lower.contains("#type:")) {
            return "Endpoint '" + uri + "': options may not name classes (#class:, #type:)";
        }
        return switch (scheme) {
            case "bean" -> beans.test(path) ? null : "Bean '" + path + "' is not in the processors catalog"
                    + " (beans of " + ProcessorCatalog.PACKAGE + ", or hub.routes.policy.platform-beans)";
            case "file" -> fileProblem(path);
            case "platform-http" -> httpPathAllowed(rest.contains("?") ? rest.substring(0, rest.indexOf('?'))
                    : rest, inTemplate) ? null : "HTTP path '" + path(rest) + "' is not allowed for operator routes (allowed: "
                    + policy.httpPaths() + ")";
            case "kamelet" -> kameletProblem(path, ownTemplates, inTemplate);
            default -> null;
        };
    }

    private String fileProblem(String path) {
        if (path.contains("{{") || path.contains("${")) {
            return "file: folder '" + path + "' must be written literally";
        }
        Path folder = Path.of(path).normalize();
        boolean inside = !path.contains("..") && policy.fileFolders().stream()
                .map(f -> Path.of(f).normalize())
                .anyMatch(allowedFolder -> folder.startsWith(allowedFolder));
        return inside ? null : "file: folder '" + path + "' is outside the allowed folders "
                + policy.fileFolders() + " (hub.routes.policy.file-folders)";
    }

    /**
     * The folder is checked above; options can still move or name files elsewhere (move=/etc/x, fileName=../x)
     * or switch the producer's jail off, so they must stay relative and inside.
     */
    private static String fileOptionsProblem(String uri, JsonNode parameters) {
        List<String> values = new java.util.ArrayList<>();
        int query = uri.indexOf('?');
        if (query >= 0) {
            for (String option : uri.substring(query + 1).split("&")) {
                values.add(option.toLowerCase(Locale.ROOT).replace(" ", ""));
            }
        }
        if (parameters.isObject()) {
            parameters.fields().forEachRemaining(p -> values.add(p.getKey().toLowerCase(Locale.ROOT) + "="
                    + p.getValue().asText().replace(" ", "")));
        }
        for (String option : values) {
            String value = option.contains("=") ? option.substring(option.indexOf('=') + 1) : "";
            if (option.startsWith("jailstartingdirectory=false") || value.contains("..") || value.startsWith("/")
                    || value.startsWith("%2f")) {
                return "file: option '" + option + "' may reach files outside the allowed folders";
            }
        }
        return null;
    }

    /**
     * Outside templates the path is literal. In a route template, parameters may follow a literal allowed prefix
     * ({@code /api/v1/ext/{{path}}}): the prefix is checked here and the values by TemplateParameterRules.
     */
    private boolean httpPathAllowed(String rawPath, boolean inTemplate) {
        String path = path(rawPath);
        int placeholder = path.indexOf("{{");
        if (inTemplate && placeholder > 0 && !path.contains("${")) {
            String literal = path.substring(0, placeholder);
            return !literal.contains("..") && policy.httpPaths().stream()
                    .anyMatch(p -> literal.startsWith(p.endsWith("/") ? p : p + "/"));
        }
        if (path.contains("..") || path.contains("{{") || path.contains("${")) {
            return false;
        }
        return policy.httpPaths().stream().anyMatch(p -> path.equals(stripTrailing(p))
                || path.startsWith(p.endsWith("/") ? p : p + "/"));
    }

    private String kameletProblem(String path, Set<String> ownTemplates, boolean inTemplate) {
        String name = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if ("source".equals(name) || "sink".equals(name)) {
            return inTemplate ? null : "kamelet:" + name + " belongs in a routeTemplate or a kamelet";
        }
        if (ownTemplates.contains(name) || kamelets.exists(name)) {
            return null;
        }
        return "Kamelet '" + name + "' does not exist (kamelets/" + name + ".kamelet.yaml)";
    }

    private static String path(String rest) {
        return rest.startsWith("//") ? rest.substring(1) : rest;
    }

    private static String stripSlashes(String rest) {
        return rest.startsWith("//") ? rest.substring(2) : rest;
    }

    private static String stripTrailing(String p) {
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
