package com.misybot.hub.operator.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The hub's policy for operator YAML, everything that can be decided from the text, the caller's roles and the
 * configuration: structure and ids, endpoints, beans, languages and simple functions, property placeholders. Needs no CamelContext, so the
 * files under routes/ are checked by a plain unit test too.
 */
public final class RoutePolicy {

    private final StructureRules structure = new StructureRules();
    private final EndpointRules endpoints;
    private final BeanRules beans;
    private final ExpressionRules expressions;
    private final PlaceholderRules placeholders;
    private final TemplateParameterRules templateParameters = new TemplateParameterRules();

    public RoutePolicy(RoutePolicyProperties policy, ProcessorCatalog processors, KameletCatalog kamelets) {
        // read when first needed: the catalog is complete only once the application has started
        Predicate<String> allowedBeans = name -> policy.platformBeans().contains(name)
                || processors.beanNames().contains(name);
        this.endpoints = new EndpointRules(policy, allowedBeans, kamelets);
        this.beans = new BeanRules(allowedBeans);
        this.expressions = new ExpressionRules(policy);
        this.placeholders = new PlaceholderRules(policy);
    }

    public List<RouteError> check(YamlDocument doc, Set<String> roles) {
        List<RouteError> errors = new ArrayList<>();
        structure.check(doc, errors);
        endpoints.check(doc, roles, errors);
        beans.check(doc, errors);
        expressions.check(doc, errors);
        placeholders.check(doc, errors);
        templateParameters.check(doc, errors);
        return errors;
    }
}
