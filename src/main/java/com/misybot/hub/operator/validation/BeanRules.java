package com.misybot.hub.operator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Beans operator YAML may call ({@code bean}, {@code process ref}, the {@code method} language): the processors
 * catalog and the configured platform beans, by name only. A class name ({@code beanType}) would let YAML
 * instantiate any class on the classpath.
 */
final class BeanRules {

    private final Predicate<String> beans;

    BeanRules(Predicate<String> beans) {
        this.beans = beans;
    }

    void check(YamlDocument doc, List<RouteError> errors) {
        Nodes.walk(doc.root(), (pointer, key, value, parentKey) -> {
            if ("parameters".equals(parentKey)) {
                return;
            }
            switch (key) {
                case "bean", "method" -> {
                    // inside bean/method, "method" is the name of the method to call, not a bean
                    boolean methodName = "method".equals(key) && Set.of("bean", "method").contains(parentKey);
                    if (value.isTextual() && !methodName) {
                        refer(doc, pointer, value.asText(), errors);
                    } else if (value.isObject()) {
                        byName(doc, pointer, value, key, errors);
                    }
                }
                case "process" -> {
                    if (value.isObject()) {
                        byName(doc, pointer, value, key, errors);
                    }
                }
                default -> {
                }
            }
        });
    }

    private void byName(YamlDocument doc, String pointer, JsonNode value, String key, List<RouteError> errors) {
        for (String classField : List.of("beanType", "type")) {
            if (value.has(classField)) {
                errors.add(doc.keyAt(pointer + "/" + classField).error("'" + key + "' may not name a class ("
                        + classField + "): name a bean of the processors catalog with ref"));
            }
        }
        String ref = Nodes.text(value, "ref");
        if (ref != null) {
            refer(doc, pointer + "/ref", ref, errors);
        } else if (!value.has("beanType") && !value.has("type")) {
            errors.add(doc.keyAt(pointer).error("'" + key + "' must name a bean of the processors catalog (ref)"));
        }
    }

    private void refer(YamlDocument doc, String pointer, String name, List<RouteError> errors) {
        String bean = name.startsWith("#bean:") ? name.substring(6) : name.startsWith("#") ? name.substring(1)
                : name;
        if (!beans.test(bean)) {
            errors.add(doc.error(pointer, "Bean '" + bean + "' is not in the processors catalog (beans of "
                    + ProcessorCatalog.PACKAGE + ", or hub.routes.policy.platform-beans)"));
        }
    }
}
