package com.misybot.hub.operator.validation;

import com.misybot.hub.operator.RouteError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hub's policy for operator YAML, everything that can be decided from the text, the caller's roles and the
 * configuration: structure and ids, endpoints, beans, languages and simple functions. Needs no CamelContext, so the
 * files under routes/ are checked by a plain unit test too.
 */
public final class RoutePolicy {

    private final StructureRules structure = new StructureRules();
    private final EndpointRules endpoints;
    private final BeanRules beans;
    private final ExpressionRules expressions;

    public RoutePolicy(RoutePolicyProperties policy, ProcessorCatalog processors, KameletCatalog kamelets) {
        Set<String> allowedBeans = new LazyBeans(policy, processors);
        this.endpoints = new EndpointRules(policy, allowedBeans, kamelets);
        this.beans = new BeanRules(allowedBeans);
        this.expressions = new ExpressionRules(policy);
    }

    public List<RouteError> check(YamlDocument doc, Set<String> roles) {
        List<RouteError> errors = new ArrayList<>();
        structure.check(doc, errors);
        endpoints.check(doc, roles, errors);
        beans.check(doc, errors);
        expressions.check(doc, errors);
        return errors;
    }

    /** The catalog's beans plus the configured platform beans, read when first needed (after start-up). */
    private static final class LazyBeans extends java.util.AbstractSet<String> {
        private final RoutePolicyProperties policy;
        private final ProcessorCatalog processors;

        LazyBeans(RoutePolicyProperties policy, ProcessorCatalog processors) {
            this.policy = policy;
            this.processors = processors;
        }

        private Set<String> all() {
            Set<String> all = new TreeSet<>(policy.platformBeans());
            all.addAll(processors.beanNames());
            return all;
        }

        @Override
        public boolean contains(Object name) {
            return policy.platformBeans().contains(name) || processors.beanNames().contains(name);
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return all().iterator();
        }

        @Override
        public int size() {
            return all().size();
        }
    }
}
