package com.misybot.hub.operator.validation;

import com.misybot.hub.platform.Sha256;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Validates operator YAML in order: syntax, Camel's YAML DSL schema, the hub's policy and the ids the running hub
 * already uses; then, only when all of these pass, a dry run in a sandbox CamelContext (a text the policy refused
 * is never loaded, not even in a sandbox). Every error found is reported at once, each at its line and column.
 */
@Component
@EnableConfigurationProperties(RoutePolicyProperties.class)
public class CamelYamlRouteValidator implements RouteValidator {

    private final DslSchema schema = new DslSchema();
    private final RoutePolicy policy;
    private final IdOwnershipRules ids;
    private final RouteConfigurationRules configurations;
    private final SandboxDryRun dryRun;

    public CamelYamlRouteValidator(CamelContext camelContext, ApplicationContext spring,
                                   RoutePolicyProperties properties, ProcessorCatalog processors,
                                   ObjectProvider<RouteOwnership> ownership,
                                   @Value("${camel.component.kamelet.location:file:kamelets,classpath:kamelets}")
                                   String kameletLocation) {
        KameletCatalog kamelets = new KameletCatalog(kameletLocation, () -> platformTemplates(camelContext));
        this.policy = new RoutePolicy(properties, processors, kamelets);
        this.ids = new IdOwnershipRules(camelContext, ownership);
        this.configurations = new RouteConfigurationRules(camelContext);
        this.dryRun = new SandboxDryRun(camelContext, new SandboxBeans(spring), kameletLocation);
    }

    @Override
    public RouteSource validate(String yaml, Set<String> roles) {
        YamlDocument doc = YamlDocument.parse(yaml);
        List<RouteError> errors = new ArrayList<>(schema.validate(doc));
        errors.addAll(policy.check(doc, roles));
        UnitIds unit = UnitIds.of(doc);
        errors.addAll(ids.check(doc, unit));
        errors.addAll(configurations.check(doc));
        if (unit.ids().isEmpty() && errors.isEmpty()) {
            errors.add(new RouteError(1, 1, "The text defines no route, routeTemplate or templatedRoute"));
        }
        if (errors.isEmpty()) {
            errors.addAll(dryRun.run(doc));
        }
        if (!errors.isEmpty()) {
            throw new RouteValidationException(sorted(errors));
        }
        return new RouteSource(unit.unitId(), unit.routeIds(), unit.templateIds(), yaml, sha256(yaml));
    }

    private static List<RouteError> sorted(List<RouteError> errors) {
        return errors.stream().distinct().sorted((a, b) -> a.line() != b.line() ? Integer.compare(a.line(),
                b.line()) : Integer.compare(a.column(), b.column())).toList();
    }

    static Set<String> platformTemplates(CamelContext camelContext) {
        return camelContext.getCamelContextExtension().getContextPlugin(Model.class).getRouteTemplateDefinitions()
                .stream().map(RouteTemplateDefinition::getId).collect(Collectors.toSet());
    }

    /** Hex SHA-256 of the text's UTF-8 bytes: how every unit version and copy is fingerprinted. */
    public static String sha256(String text) {
        return Sha256.hex(text);
    }
}
