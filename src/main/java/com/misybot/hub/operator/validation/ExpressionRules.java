package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expression languages operator YAML may use. Scripting languages reach Java (and the shell) and are refused
 * whatever the configuration says, as are data formats that deserialize Java objects; any other language must be
 * allow-listed. In {@code simple}, functions that call
 * beans, load classes or walk into the CamelContext or exchange are refused, except the read-only
 * {@code camelContext} properties configured (routes/hub-info.camel.yaml shows its name, version, route count and
 * uptime).
 */
final class ExpressionRules {

    /** Compile or evaluate code with access to Java: never allowed. */
    static final Set<String> SCRIPTING = Set.of("groovy", "joor", "java", "js", "python", "ognl", "mvel", "spel",
            "csimple", "wasm", "datasonnet", "xquery");
    /** The other languages of Camel 4 (their YAML keys); each must be in hub.routes.policy.languages. */
    static final Set<String> LANGUAGES = Set.of("constant", "exchangeProperty", "file", "header", "hl7terser", "jq",
            "jsonpath", "simple", "tokenize", "variable", "xpath", "xtokenize");

    /** Data formats that turn bytes into arbitrary Java objects (deserialization gadgets). */
    static final Set<String> JAVA_DATA_FORMATS = Set.of("fory", "jaxb", "jacksonXml", "yaml", "avro",
            "protobuf", "thrift");

    private static final Pattern FUNCTION = Pattern.compile("\\$(?:simple)?\\{([^}]*)}");
    /** Prefixes of simple functions that reach beans, classes, the environment or the CamelContext. */
    private static final List<String> FORBIDDEN_FUNCTIONS = List.of("bean:", "type:", "ref:", "exchange.",
            "exchange}", "env:", "env.", "sys:", "sysenv", "properties:", "propertiesexist:");
    /** Fragments that walk from any value into Java. */
    private static final List<String> FORBIDDEN_FRAGMENTS = List.of("getclass", ".class", "classloader", "forname",
            "getruntime", "getcontext", "camelcontext", ".context", "getregistry", "newinstance");

    private final RoutePolicyProperties policy;

    ExpressionRules(RoutePolicyProperties policy) {
        this.policy = policy;
    }

    void check(YamlDocument doc, List<RouteError> errors) {
        Nodes.walk(doc.root(), (pointer, key, value, parentKey) -> {
            if ("parameters".equals(parentKey)) {
                return;
            }
            if ("language".equals(key) && value.isObject()) {
                String language = Nodes.text(value, "language");
                if (language != null) {
                    refuseLanguage(doc, pointer + "/language", language, errors);
                }
            } else if (SCRIPTING.contains(key) || LANGUAGES.contains(key)) {
                refuseLanguage(doc, pointer, key, errors);
            } else if (("marshal".equals(parentKey) || "unmarshal".equals(parentKey))
                    && JAVA_DATA_FORMATS.contains(key)) {
                errors.add(doc.keyAt(pointer).error("Data format '" + key + "' builds Java objects from message"
                        + " bytes and is never allowed in operator YAML"));
            } else if ("allowUnmarshallType".equals(key) && value.asBoolean(false)) {
                // the message's header would choose the class to build: a deserialization gadget
                errors.add(doc.keyAt(pointer).error("allowUnmarshallType lets a message choose a Java class and is"
                        + " never allowed in operator YAML"));
            }
        });
        for (var scalar : doc.scalars()) {
            JsonNode value = scalar.getValue();
            if (value.isTextual() && value.asText().contains("{")) {
                String problem = simpleProblem(value.asText());
                if (problem != null) {
                    errors.add(doc.error(scalar.getKey(), problem));
                }
            }
        }
    }

    private void refuseLanguage(YamlDocument doc, String pointer, String language, List<RouteError> errors) {
        if (SCRIPTING.contains(language)) {
            errors.add(doc.keyAt(pointer).error("Language '" + language + "' reaches Java and is never allowed"
                    + " in operator YAML"));
        } else if (!policy.languages().contains(language)) {
            errors.add(doc.keyAt(pointer).error("Language '" + language + "' is not allowed (allowed: "
                    + policy.languages() + ", hub.routes.policy.languages)"));
        }
    }

    /** Why a simple expression may not run, or null. */
    String simpleProblem(String text) {
        Matcher m = FUNCTION.matcher(text);
        while (m.find()) {
            String function = m.group(1).trim();
            String lower = function.toLowerCase(Locale.ROOT).replace(" ", "");
            if (lower.startsWith("camelcontext.")) {
                String property = function.substring("camelContext.".length());
                if (policy.camelContextProperties().contains(property)) {
                    continue;
                }
                return "Simple expression '${" + function + "}' walks into the CamelContext (allowed:"
                        + " camelContext." + String.join(", camelContext.", policy.camelContextProperties()) + ")";
            }
            for (String prefix : FORBIDDEN_FUNCTIONS) {
                if (lower.startsWith(prefix) || (lower + "}").startsWith(prefix)) {
                    return "Simple expression '${" + function + "}' is not allowed in operator YAML: it reaches"
                            + " beans, classes, the environment or the exchange's internals";
                }
            }
            for (String fragment : FORBIDDEN_FRAGMENTS) {
                if (lower.contains(fragment)) {
                    return "Simple expression '${" + function + "}' is not allowed in operator YAML: it walks"
                            + " into Java (" + fragment + ")";
                }
            }
        }
        return null;
    }
}
