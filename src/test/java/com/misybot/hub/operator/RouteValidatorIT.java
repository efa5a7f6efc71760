package com.misybot.hub.operator;

import com.misybot.hub.operator.validation.RouteValidator;
import com.misybot.hub.operator.validation.RouteError;
import com.misybot.hub.operator.validation.RouteSource;
import com.misybot.hub.operator.validation.RouteValidationException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import static com.misybot.hub.support.Http.bearer;

import com.misybot.hub.support.HubIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The validator inside the running hub: the real beans, route configurations, Java route templates and
 * properties are what the dry run sees, and validating changes nothing that serves (no route, no endpoint, no HTTP
 * mapping).
 */
class RouteValidatorIT extends HubIntegrationTest {

    @Autowired
    RouteValidator validator;

    @Autowired
    CamelContext camelContext;

    @Test
    void should_accept_operator_routes_when_they_use_the_hubs_beans_configurations_and_templates() throws Exception {
        // given hub-info under a new id, and an agent route on the bus kamelet with the agent-bus configuration
        String info = Files.readString(Path.of("routes/hub-info.camel.yaml"))
                .replace("id: hub-info", "id: ext-info-probe")
                .replace("platform-http:/api/v1/info", "platform-http:/api/v1/ext/info-probe");
        String agent = """
                - route:
                    id: probe-agent
                    routeConfigurationId: agent-bus
                    from:
                      uri: kamelet:agent-bus-source?agent=probe-agent
                      steps:
                        - setHeader:
                            name: x-routes-dir
                            constant: "{{hub.routes.dir}}"
                        - log: "probe ${body}"
                """;

        // when
        RouteSource infoSource = validator.validate(info, Set.of("operator"));
        RouteSource agentSource = validator.validate(agent, Set.of("operator"));

        // then
        assertThat(infoSource.routeIds()).containsExactly("ext-info-probe");
        assertThat(agentSource.routeIds()).containsExactly("probe-agent");
    }

    @Test
    void should_change_nothing_that_serves_when_validating() {
        // given
        Set<String> routes = ids();
        Set<String> endpoints = endpoints();
        String ext = """
                - route:
                    id: ext-serve-probe
                    routeConfigurationId: ingress
                    from:
                      uri: platform-http:/api/v1/ext/serve-probe
                      steps:
                        - setBody:
                            constant: served
                """;
        String broken = """
                - route:
                    id: ext-broken-probe
                    from:
                      uri: direct:ext-broken-probe
                      steps:
                        - to:
                            uri: "sql:select 1?dataSource=#noSuchDataSource"
                """;

        // when
        validator.validate(ext, Set.of("operator"));
        RouteValidationException refused = catchThrowableOfType(RouteValidationException.class,
                () -> validator.validate(broken, Set.of("superadmin")));

        // then
        assertThat(refused.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).startsWith("Dry run:").contains("noSuchDataSource");
        });
        assertThat(ids()).isEqualTo(routes);
        assertThat(endpoints()).isEqualTo(endpoints);
        assertThat(http.get("/api/v1/ext/serve-probe", bearer(user("operator").accessToken())).status()).isEqualTo(404);
    }

    @Test
    void should_refuse_a_platform_route_id_when_the_hub_runs_it() {
        String yaml = """
                - route:
                    id: session-get
                    from:
                      uri: direct:session-get-shadow
                      steps:
                        - log: shadow
                """;

        RouteValidationException refused = catchThrowableOfType(RouteValidationException.class,
                () -> validator.validate(yaml, Set.of("superadmin")));

        assertThat(refused.errors()).containsExactly(
                new RouteError(2, 9, "Id 'session-get' belongs to a platform route of the hub"));
    }

    private Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        camelContext.getRoutes().stream().map(Route::getRouteId).forEach(ids::add);
        return ids;
    }

    private Set<String> endpoints() {
        Set<String> uris = new TreeSet<>();
        camelContext.getEndpoints().stream().map(Endpoint::getEndpointUri).forEach(uris::add);
        return uris;
    }
}
