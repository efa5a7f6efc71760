package com.misybot.hub.operator.validation;

import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.BeanRepository;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads operator YAML into a throw-away CamelContext that never starts a route: Camel reifies every route, so an
 * unknown EIP, component, endpoint option, bean or a missing kamelet parameter fails here instead of in the running
 * hub. The sandbox reads the main context's properties, route configurations and route templates and the
 * application's beans (through {@link SandboxBeans}); it adds nothing to the main context and is stopped before
 * returning.
 */
final class SandboxDryRun {

    private final CamelContext main;
    private final BeanRepository beans;
    private final String kameletLocation;

    SandboxDryRun(CamelContext main, BeanRepository beans, String kameletLocation) {
        this.main = main;
        this.beans = beans;
        this.kameletLocation = kameletLocation;
    }

    /** The dry run's failure, or none. Camel stops at its first failure, so there is at most one. */
    List<RouteError> run(YamlDocument doc) {
        DefaultCamelContext sandbox = new DefaultCamelContext(false);
        try {
            sandbox.getCamelContextExtension().setRegistry(new DefaultRegistry(beans));
            sandbox.getCamelContextExtension().setName("route-validation-sandbox");
            sandbox.disableJMX();
            sandbox.setAutoStartup(false);
            sandbox.getPropertiesComponent().addPropertiesSource(new MainProperties(main));
            KameletComponent kamelet = new KameletComponent();
            kamelet.setLocation(kameletLocation);
            sandbox.addComponent("kamelet", kamelet);
            // Spring MVC must never see a sandbox route: platform-http endpoints get an engine that serves nothing
            PlatformHttpComponent http = new PlatformHttpComponent();
            http.setEngine(new InertHttpEngine());
            sandbox.addComponent("platform-http", http);
            sandbox.build();
            Model mainModel = main.getCamelContextExtension().getContextPlugin(Model.class);
            Model model = sandbox.getCamelContextExtension().getContextPlugin(Model.class);
            model.addRouteConfigurations(mainModel.getRouteConfigurationDefinitions());
            // a new version of a unit brings its own templates: the running ones of the same ids are not copied
            Set<String> own = Set.copyOf(UnitIds.of(doc).templateIds());
            model.addRouteTemplateDefinitions(mainModel.getRouteTemplateDefinitions().stream()
                    .filter(template -> !own.contains(template.getId())).toList());
            PluginHelper.getRoutesLoader(sandbox).loadRoutes(
                    ResourceHelper.fromString("operator-routes.camel.yaml", doc.text()));
            // belt and braces: even a route that says autoStartup: true stays stopped here
            for (RouteDefinition route : model.getRouteDefinitions()) {
                route.setAutoStartup("false");
            }
            sandbox.start();
            return List.of();
        } catch (Exception e) {
            return List.of(DryRunErrors.of(doc, e));
        } finally {
            sandbox.stop();
            sandbox.shutdown();
        }
    }

    /** The main context's property placeholders ({{hub.…}}), read-only. */
    private record MainProperties(CamelContext main) implements PropertiesSource {
        @Override
        public String getName() {
            return "main-camel-context";
        }

        @Override
        public String getProperty(String name) {
            return main.getPropertiesComponent().resolveProperty(name).orElse(null);
        }
    }
}
