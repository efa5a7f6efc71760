package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of the Apache camel-kamelets catalog validator ({@code script/validator/validator.go}), applied to the
 * hub's kamelets: file name, type label and name suffix, the JSON schema of the parameters (title, description,
 * type on the definition and on every property, required entries defined once), credentials descriptors, the
 * catalog annotations, and parameters declared exactly when used. One difference: the provider annotation names
 * the hub's provider rather than "Apache Software Foundation", since these kamelets are not Apache's. Each error
 * starts with the rule's name in brackets.
 */
public final class KameletRules {

    static final String TYPE_LABEL = "camel.apache.org/kamelet.type";
    static final List<String> ANNOTATIONS = List.of("camel.apache.org/kamelet.icon",
            "camel.apache.org/catalog.version", "camel.apache.org/provider");
    static final String CREDENTIALS = "urn:camel:group:credentials";
    /** {{param}}, {{?param}} and {{param:default}}, as the catalog's validator reads them. */
    private static final Pattern PARAM = Pattern.compile("\\{\\{\\??([A-Za-z0-9-._]+)(?::[^}]*)?}}");
    private static final Set<String> SMALL_WORDS = Set.of("a", "an", "the", "of", "to", "in", "for", "and", "or",
            "on", "at", "by", "with", "from", "per", "is", "as", "into");

    /** Every rule one kamelet file breaks; {@code fileName} is the file's name without folders. */
    public List<RouteError> check(String fileName, String yaml) {
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(yaml);
        } catch (RouteValidationException e) {
            return e.errors();
        }
        List<RouteError> errors = new ArrayList<>();
        JsonNode root = doc.root();
        String name = text(root.at("/metadata/name"));
        if (!"Kamelet".equals(text(root.get("kind")))) {
            errors.add(doc.error("/kind", "[kind] kind must be Kamelet"));
        }
        if (name == null || !fileName.equals(name + ".kamelet.yaml")) {
            errors.add(doc.error("/metadata/name", "[file-name] file " + fileName + " must be named after"
                    + " metadata.name + .kamelet.yaml (metadata.name is " + name + ")"));
        }
        String type = text(root.at("/metadata/labels").get(TYPE_LABEL));
        if (type == null || !Set.of("source", "sink", "action").contains(type)) {
            errors.add(doc.keyAt("/metadata/labels").error("[type-label] label " + TYPE_LABEL
                    + " must be source, sink or action (is " + type + ")"));
            type = null;
        } else if (name != null && !name.endsWith("-" + type)) {
            errors.add(doc.error("/metadata/name", "[name-suffix] name " + name + " must end with -" + type));
        }
        for (String annotation : ANNOTATIONS) {
            String value = text(root.at("/metadata/annotations").get(annotation));
            if (value == null || value.isBlank()) {
                errors.add(doc.keyAt(root.at("/metadata/annotations").isMissingNode() ? "/metadata"
                        : "/metadata/annotations").error("[annotations] annotation " + annotation
                        + " is missing"));
            }
        }
        JsonNode definition = root.at("/spec/definition");
        if (!definition.isObject()) {
            errors.add(doc.error("/spec", "[definition] spec.definition (the parameters' JSON schema) is missing"));
            return errors;
        }
        definition(doc, definition, type, errors);
        JsonNode template = root.at("/spec/template");
        if (!template.isObject()) {
            errors.add(doc.error("/spec", "[template] spec.template is missing"));
            return errors;
        }
        parameters(doc, definition, template, errors);
        return errors;
    }

    /** Titles and descriptions must tell kamelets apart: the catalog refuses duplicates across files. */
    public Map<String, List<RouteError>> checkAll(Map<String, String> yamlByFileName) {
        Map<String, List<RouteError>> errors = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        Map<String, String> descriptions = new HashMap<>();
        yamlByFileName.forEach((file, yaml) -> errors.put(file, new ArrayList<>(check(file, yaml))));
        yamlByFileName.keySet().stream().sorted().forEach(file -> {
            YamlDocument doc;
            try {
                doc = YamlDocument.parse(yamlByFileName.get(file));
            } catch (RouteValidationException e) {
                return;
            }
            String title = text(doc.root().at("/spec/definition/title"));
            String description = text(doc.root().at("/spec/definition/description"));
            if (title != null && titles.putIfAbsent(title, file) != null) {
                errors.get(file).add(doc.error("/spec/definition/title", "[duplicate] title '" + title
                        + "' is also the title of " + titles.get(title)));
            }
            if (description != null && descriptions.putIfAbsent(description, file) != null) {
                errors.get(file).add(doc.error("/spec/definition/description", "[duplicate] description is also"
                        + " the description of " + descriptions.get(description)));
            }
        });
        return errors;
    }

    private static void definition(YamlDocument doc, JsonNode definition, String type, List<RouteError> errors) {
        String title = text(definition.get("title"));
        if (title == null || title.isBlank()) {
            errors.add(doc.keyAt("/spec/definition").error("[definition] spec.definition has no title"));
        } else if (type != null) {
            String suffix = Character.toUpperCase(type.charAt(0)) + type.substring(1);
            if (!title.endsWith(suffix)) {
                errors.add(doc.error("/spec/definition/title", "[title-suffix] title '" + title + "' must end with "
                        + suffix));
            }
        }
        if (text(definition.get("description")) == null || text(definition.get("description")).isBlank()) {
            errors.add(doc.keyAt("/spec/definition").error("[definition] spec.definition has no description"));
        }
        if (!"object".equals(text(definition.get("type")))) {
            errors.add(doc.keyAt("/spec/definition").error("[definition] spec.definition must be of type object"));
        }
        JsonNode properties = definition.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            property(doc, "/spec/definition/properties" + YamlDocument.segment(property.getKey()),
                    property.getKey(), property.getValue(), errors);
        }
        Set<String> required = new HashSet<>();
        JsonNode list = definition.path("required");
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i).asText();
            String pointer = "/spec/definition/required/" + i;
            if (!required.add(entry)) {
                errors.add(doc.error(pointer, "[required] required property '" + entry + "' is listed twice"));
            }
            if (!properties.has(entry)) {
                errors.add(doc.error(pointer, "[required] required property '" + entry + "' is not defined"));
            }
        }
    }

    private static void property(YamlDocument doc, String pointer, String name, JsonNode property,
                                 List<RouteError> errors) {
        for (String field : List.of("type", "title", "description")) {
            String value = text(property.get(field));
            if (value == null || value.isBlank()) {
                errors.add(doc.keyAt(pointer).error("[property] property '" + name + "' has no " + field));
            }
        }
        String title = text(property.get("title"));
        if (title != null) {
            for (String article : List.of("The ", "A ", "An ")) {
                if (title.startsWith(article)) {
                    errors.add(doc.error(pointer + "/title", "[property-title] title of '" + name
                            + "' starts with '" + article.trim() + "'"));
                }
            }
            for (String word : title.split(" ")) {
                if (!word.isEmpty() && !SMALL_WORDS.contains(word.toLowerCase()) && Character.isLetter(
                        word.charAt(0)) && !Character.isUpperCase(word.charAt(0))) {
                    errors.add(doc.error(pointer + "/title", "[property-title] title of '" + name
                            + "' has a word not capitalized: '" + word + "'"));
                }
            }
        }
        if ("password".equals(text(property.get("format")))) {
            boolean credentials = false;
            for (JsonNode descriptor : property.path("x-descriptors")) {
                credentials |= CREDENTIALS.equals(descriptor.asText());
            }
            if (!credentials) {
                errors.add(doc.error(pointer + "/format", "[credentials] property '" + name + "' has format"
                        + " password but not the x-descriptor " + CREDENTIALS));
            }
        }
    }

    private static void parameters(YamlDocument doc, JsonNode definition, JsonNode template,
                                   List<RouteError> errors) {
        Set<String> declared = new HashSet<>();
        definition.path("properties").fieldNames().forEachRemaining(declared::add);
        for (JsonNode bean : template.path("beans")) {
            if (text(bean.get("name")) != null) {
                declared.add(text(bean.get("name")));
            }
        }
        Set<String> used = new HashSet<>();
        for (Map.Entry<String, JsonNode> scalar : doc.scalars()) {
            if (!scalar.getKey().startsWith("/spec/template/") || !scalar.getValue().isTextual()) {
                continue;
            }
            Matcher m = PARAM.matcher(scalar.getValue().asText());
            while (m.find()) {
                used.add(m.group(1));
                if (!declared.contains(m.group(1))) {
                    errors.add(doc.error(scalar.getKey(), "[parameters] parameter '" + m.group(1)
                            + "' is used but not declared in spec.definition.properties"));
                }
            }
        }
        definition.path("properties").fieldNames().forEachRemaining(p -> {
            if (!used.contains(p)) {
                errors.add(doc.keyAt("/spec/definition/properties" + YamlDocument.segment(p)).error(
                        "[parameters] parameter '" + p + "' is declared but never used in spec.template"));
            }
        });
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
