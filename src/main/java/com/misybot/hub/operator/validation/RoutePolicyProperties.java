package com.misybot.hub.operator.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What operator YAML may use ({@code hub.routes.policy} in application.yaml, commented there). Deny by default: a
 * scheme, bean, language or HTTP path not listed here is refused.
 */
@ConfigurationProperties(prefix = "hub.routes.policy")
public record RoutePolicyProperties(Map<String, List<String>> schemes, List<String> fileFolders,
                                    List<String> platformBeans, List<String> languages,
                                    List<String> camelContextProperties, List<String> httpPaths,
                                    List<String> propertyPrefixes,
                                    @DefaultValue("false") boolean allowDynamicEndpoints) {

    public RoutePolicyProperties {
        schemes = schemes == null ? Map.of() : Map.copyOf(schemes);
        fileFolders = fileFolders == null ? List.of() : List.copyOf(fileFolders);
        platformBeans = platformBeans == null ? List.of() : List.copyOf(platformBeans);
        languages = languages == null ? List.of() : List.copyOf(languages);
        camelContextProperties = camelContextProperties == null ? List.of() : List.copyOf(camelContextProperties);
        httpPaths = httpPaths == null ? List.of() : List.copyOf(httpPaths);
        propertyPrefixes = propertyPrefixes == null ? List.of() : List.copyOf(propertyPrefixes);
    }

    /** The schemes any of {@code roles} may use (a role without an entry adds none). */
    public Set<String> schemesFor(Set<String> roles) {
        Set<String> allowed = new TreeSet<>();
        roles.forEach(role -> allowed.addAll(schemes.getOrDefault(role, List.of())));
        return allowed;
    }
}
