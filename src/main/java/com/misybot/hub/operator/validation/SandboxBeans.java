package com.misybot.hub.operator.validation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Component;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Endpoint;
import org.apache.camel.FluentProducerTemplate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.Service;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.Language;
import org.springframework.context.ApplicationContext;

/**
 * The application's beans as the dry-run sandbox sees them. The sandbox must find the beans routes name (an unknown
 * one is an error) without taking over any of them: Camel's own objects (components, endpoints, languages, the
 * main CamelContext) are hidden, so the sandbox makes its own; a bean with a Camel lifecycle (a Service, or
 * CamelContextAware) is handed over behind a proxy whose lifecycle methods do nothing, because stopping the
 * sandbox stops the services its routes hold and would otherwise stop the platform's running ones. The proxy
 * offers the bean's interfaces only: a route naming such a bean by its concrete class is refused by the dry run.
 */
final class SandboxBeans implements BeanRepository {

    private static final Set<String> LIFECYCLE = Set.of("start", "stop", "init", "build", "shutdown", "suspend",
            "resume", "close", "setCamelContext", "initService", "startService", "stopService");

    private final ApplicationContext spring;

    SandboxBeans(ApplicationContext spring) {
        this.spring = spring;
    }

    @Override
    public Object lookupByName(String name) {
        if (!spring.containsBean(name)) {
            return null;
        }
        return guard(spring.getBean(name));
    }

    @Override
    public <T> T lookupByNameAndType(String name, Class<T> type) {
        Object bean = lookupByName(name);
        return type.isInstance(bean) ? type.cast(bean) : null;
    }

    @Override
    public <T> Map<String, T> findByTypeWithName(Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        if (hiddenType(type)) {
            return found;
        }
        for (String name : spring.getBeanNamesForType(type, false, false)) {
            Object bean = guard(spring.getBean(name));
            if (type.isInstance(bean)) {
                found.put(name, type.cast(bean));
            }
        }
        return found;
    }

    @Override
    public <T> Set<T> findByType(Class<T> type) {
        return new LinkedHashSet<>(findByTypeWithName(type).values());
    }

    private static boolean hiddenType(Class<?> type) {
        return CamelContext.class.isAssignableFrom(type) || Component.class.isAssignableFrom(type)
                || Endpoint.class.isAssignableFrom(type) || Language.class.isAssignableFrom(type)
                || DataFormat.class.isAssignableFrom(type) || RoutesBuilder.class.isAssignableFrom(type);
    }

    private static Object guard(Object bean) {
        if (bean == null || bean.getClass().getName().startsWith("org.apache.camel.") || bean instanceof CamelContext
                || bean instanceof Component || bean instanceof Endpoint || bean instanceof Language
                || bean instanceof DataFormat || bean instanceof RoutesBuilder || bean instanceof ProducerTemplate
                || bean instanceof ConsumerTemplate || bean instanceof FluentProducerTemplate) {
            return null;
        }
        if (!(bean instanceof Service) && !(bean instanceof CamelContextAware)) {
            return bean;
        }
        Class<?>[] interfaces = org.springframework.util.ClassUtils.getAllInterfaces(bean);
        return Proxy.newProxyInstance(bean.getClass().getClassLoader(), interfaces, (proxy, method, args) -> {
            if (LIFECYCLE.contains(method.getName())) {
                return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "sandbox view of " + bean;
                };
            }
            try {
                return method.invoke(bean, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
