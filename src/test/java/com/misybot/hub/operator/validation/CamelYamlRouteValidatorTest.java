package com.misybot.hub.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The validator against a real (small) running CamelContext standing for the hub: platform routes, the route
 * configuration {@code ingress}, the Java route template {@code agent-bus-source}, and the application's beans in a
 * real Spring context. Every refusal names its line; nothing in the running context changes.
 */
class CamelYamlRouteValidatorTest {

    private static final Set<String> OPERATOR = Set.of("operator");
    private static final Set<String> SUPERADMIN = Set.of("superadmin");

    private static CamelContext hub;
    private static GenericApplicationContext spring;
    private static CamelYamlRouteValidator validator;

    /** Stands for a bean of the processors catalog. */
    public static class Echo implements Processor {
        @Override
        public void process(org.apache.camel.Exchange exchange) {
            exchange.getMessage().setBody("echo");
        }
    }

    @BeforeAll
    static void startHub() throws Exception {
        hub = new DefaultCamelContext();
        hub.getCamelContextExtension().setName("misybot-hub");
        hub.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration("ingress").onException(Exception.class).handled(true).setBody(constant("{}"));
            }
        });
        hub.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:session-get").routeId("session-get").setBody(constant("session"));
                routeTemplate("agent-bus-source").templateParameter("agent")
                        .from("direct:agent-bus-in-{{agent}}").to("kamelet:sink");
                // version 1 of an operator unit's template, running
                routeTemplate("owned-template").templateParameter("word")
                        .from("direct:owned-{{word}}").setBody(constant("v1 {{word}}"));
            }
        });
        hub.start();
        spring = new GenericApplicationContext();
        spring.registerBean("ingressRequest", Processor.class, () -> exchange -> { });
        spring.registerBean("echoProcessor", Echo.class, Echo::new);
        spring.registerBean("notInCatalog", Echo.class, Echo::new);
        spring.registerBean(RouteOwnership.class, () -> routeId -> Set.of("owned-route", "owned-template").contains(routeId)
                ? Optional.of(routeId) : Optional.empty());
        spring.refresh();
        RoutePolicyProperties configured = PolicyConfig.fromApplicationYaml();
        Map<String, List<String>> schemes = new HashMap<>(configured.schemes());
        schemes.put("test-nosuch", List.of("direct", "nosuch"));
        RoutePolicyProperties policy = new RoutePolicyProperties(schemes, configured.fileFolders(),
                configured.platformBeans(), configured.languages(), configured.camelContextProperties(),
                configured.httpPaths(), configured.propertyPrefixes(), configured.allowDynamicEndpoints());
        validator = new CamelYamlRouteValidator(hub, spring, policy,
                () -> Set.of("echoProcessor"), spring.getBeanProvider(RouteOwnership.class),
                "file:kamelets,classpath:kamelets");
    }

    @AfterAll
    static void stopHub() {
        hub.stop();
        spring.close();
    }

    private static List<RouteError> refusal(String yaml, Set<String> roles) {
        RouteValidationException e = catchThrowableOfType(RouteValidationException.class,
                () -> validator.validate(yaml, roles));
        assertThat(e).as("refused").isNotNull();
        return e.errors();
    }

    private static String route(String id, String from, String steps) {
        return "- route:\n"
                + "    id: " + id + "\n"
                + "    from:\n"
                + "      uri: " + from + "\n"
                + "      steps:\n"
                + steps;
    }

    @Test
    void should_accept_hub_info_when_submitted_by_an_operator() throws Exception {
        // given the operator route shipped in routes/
        String yaml = Files.readString(Path.of("routes/hub-info.camel.yaml"));

        // when
        RouteSource source = validator.validate(yaml.replace("id: hub-info", "id: hub-info-copy"), OPERATOR);

        // then
        assertThat(source.unitId()).isEqualTo("hub-info-copy");
        assertThat(source.routeIds()).containsExactly("hub-info-copy");
        assertThat(source.templateIds()).isEmpty();
        assertThat(source.sha256()).hasSize(64).isEqualTo(CamelYamlRouteValidator.sha256(source.yaml()));
    }

    @Test
    void should_accept_an_ext_route_naming_a_catalog_processor() {
        String yaml = route("ext-echo", "platform-http:/api/v1/ext/echo", """
                        - process:
                            ref: echoProcessor
                        - setHeader:
                            name: Content-Type
                            constant: application/json
                        - setBody:
                            simple: '{"echo":"${body}","context":"${camelContext.name}"}'
                """);

        RouteSource source = validator.validate(yaml, OPERATOR);

        assertThat(source.unitId()).isEqualTo("ext-echo");
        assertThat(source.routeIds()).containsExactly("ext-echo");
    }

    @Test
    void should_refuse_with_the_line_when_the_yaml_syntax_is_broken() {
        String yaml = "- route:\n    id: broken\n    from:\n      uri: direct:broken\n      steps: [ {log: x}\n";

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).message()).startsWith("YAML syntax:");
        assertThat(errors.get(0).line()).isEqualTo(6);
    }

    @Test
    void should_refuse_with_the_line_when_a_step_breaks_the_camel_schema() {
        String yaml = route("typo", "direct:typo", """
                        - log:
                            message: hello
                        - setBdy:
                            constant: x
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.column()).isEqualTo(11);
            assertThat(e.message()).contains("unknown property 'setBdy'");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_component_is_unknown() {
        String yaml = route("unknown-component", "direct:unknown-component", """
                        - to:
                            uri: nosuch:thing
                """);

        List<RouteError> errors = refusal(yaml, withScheme("nosuch"));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).startsWith("Dry run: No endpoint could be found for: nosuch");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_bean_is_unknown() {
        String yaml = route("unknown-bean", "direct:unknown-bean", """
                        - bean:
                            ref: notInCatalog
                            method: process
                        - process:
                            ref: noSuchBean
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).extracting(RouteError::line).containsExactly(7, 10);
        assertThat(errors.get(0).message()).contains("'notInCatalog' is not in the processors catalog");
        assertThat(errors.get(1).message()).contains("'noSuchBean' is not in the processors catalog");
    }

    @Test
    void should_refuse_with_the_line_when_a_catalog_bean_has_no_such_method() {
        String yaml = route("no-method", "direct:no-method", """
                        - bean:
                            ref: echoProcessor
                            method: nosuchMethod
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.message()).startsWith("Dry run:").contains("nosuchMethod");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_kamelet_parameter_is_missing() {
        String yaml = route("publish-without-url", "direct:publish-without-url", """
                        - to:
                            uri: kamelet:social-publish-sink
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).startsWith("Dry run:").contains("url");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_route_uses_exec() {
        String yaml = route("shell", "direct:shell", """
                        - log: before
                        - to:
                            uri: exec:rm?args=-rf /
                """);

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.message()).isEqualTo("'exec:' endpoints are never allowed in operator YAML");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_file_endpoint_is_outside_the_folders() {
        String yaml = route("read-etc", "file:/etc?noop=true", """
                        - to:
                            uri: file:data/operator-files/out
                """);

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.message()).contains("file: folder '/etc' is outside the allowed folders");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_file_option_leaves_the_folders() {
        String yaml = route("move-out", "file:data/operator-files/in?move=/etc/cron.d", """
                        - to:
                            uri: file:data/operator-files/out
                            parameters:
                              jailStartingDirectory: false
                """);

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).extracting(RouteError::line).containsExactly(4, 7);
        assertThat(errors.get(0).message()).isEqualTo(
                "file: option 'move=/etc/cron.d' may reach files outside the allowed folders");
        assertThat(errors.get(1).message()).contains("jailstartingdirectory=false");
    }

    @Test
    void should_refuse_with_the_line_when_a_scripting_language_is_used() {
        String yaml = route("script", "direct:script", """
                        - setBody:
                            groovy: "'hello'.execute()"
                        - unmarshal:
                            fory: {}
                """);

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).contains("Language 'groovy' reaches Java");
        });
        assertThat(errors.get(1)).satisfies(e -> {
            assertThat(e.line()).isEqualTo(9);
            assertThat(e.message()).startsWith("Data format 'fory' builds Java objects");
        });
    }

    @Test
    void should_refuse_with_the_line_when_simple_calls_a_bean() {
        String yaml = route("simple-bean", "direct:simple-bean", """
                        - setBody:
                            simple: "${bean:echoProcessor?method=process}"
                        - log: "${camelContext.getRegistry().lookupByName('dataSource')}"
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).contains("${bean:echoProcessor?method=process}");
        });
        assertThat(errors.get(1)).satisfies(e -> {
            assertThat(e.line()).isEqualTo(8);
            assertThat(e.message()).contains("walks into the CamelContext");
        });
    }

    @Test
    void should_accept_a_toD_with_a_literal_kamelet_when_only_an_option_comes_from_a_variable() {
        // given: the viralization pipeline's publish step, the platform's URL read into a variable first
        String yaml = route("publish-to", "direct:publish-to", """
                        - setVariable:
                            name: publishUrl
                            constant: "http://localhost:9/posts"
                        - toD:
                            uri: "kamelet:social-publish-sink?url=RAW(${variable.publishUrl})"
                """);

        // when
        RouteSource source = validator.validate(yaml, OPERATOR);

        // then
        assertThat(source.routeIds()).containsExactly("publish-to");
    }

    @Test
    void should_refuse_with_the_line_when_a_toD_computes_its_scheme() {
        String yaml = route("computed-scheme", "direct:computed-scheme", """
                        - toD:
                            uri: "${variable.scheme}:somewhere"
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).contains("written literally");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_route_id_belongs_to_a_platform_route() {
        String yaml = "# replaces a Java route\n" + route("session-get", "direct:elsewhere", "        - log: x\n");

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(9);
            assertThat(e.message()).isEqualTo("Id 'session-get' belongs to a platform route of the hub");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_placeholder_reads_a_secret_or_a_foreign_key() {
        String yaml = route("leak", "platform-http:/api/v1/ext/leak", """
                        - setHeader:
                            name: x-dir
                            constant: "{{hub.routes.dir}}"
                        - setBody:
                            constant: "{{spring.datasource.password}} {{hub.security.bootstrap.admin-password}}"
                """);

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).extracting(RouteError::line).containsExactly(10, 10);
        assertThat(errors.get(0).message()).startsWith(
                "Property placeholder '{{spring.datasource.password}}' may not be read by operator YAML");
        assertThat(errors.get(1).message()).startsWith(
                "Property placeholder '{{hub.security.bootstrap.admin-password}}' may not be read");
    }

    @Test
    void should_refuse_with_the_line_when_a_platform_http_path_is_outside_ext() {
        String yaml = route("admin-shadow", "platform-http:/api/v1/admin/users", "        - log: x\n");

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.message()).contains("HTTP path '/api/v1/admin/users' is not allowed");
        });
    }

    @Test
    void should_accept_a_template_path_parameter_only_after_a_literal_ext_prefix() {
        String template = """
                - routeTemplate:
                    id: ext-greeting
                    parameters:
                      - name: path
                        description: where it answers
                    from:
                      uri: "platform-http:%s"
                      steps:
                        - setBody:
                            constant: hi
                """;

        assertThat(validator.validate(template.formatted("/api/v1/ext/{{path}}"), OPERATOR).templateIds())
                .containsExactly("ext-greeting");
        assertThat(refusal(template.formatted("/api/v1/{{path}}"), OPERATOR)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("is not allowed for operator routes"));
    }

    @Test
    void should_refuse_with_the_line_when_a_templated_route_passes_an_expression_as_a_parameter() {
        String yaml = """
                - templatedRoute:
                    routeTemplateRef: owned-template
                    routeId: smuggled
                    parameters:
                      - name: word
                        value: "${bean:notInCatalog}"
                      - name: other
                        value: "../admin"
                """;

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).filteredOn(e -> e.message().contains("must be plain data"))
                .extracting(RouteError::line).containsExactly(6, 8);
    }

    @Test
    void should_refuse_beans_and_route_configurations_when_declared_in_the_text() {
        String yaml = """
                - beans:
                    - name: evil
                      type: java.lang.ProcessBuilder
                - routeConfiguration:
                    id: mine
                """ + route("with-beans", "direct:with-beans", "        - log: x\n");

        List<RouteError> errors = refusal(yaml, SUPERADMIN);

        assertThat(errors).extracting(RouteError::line).containsExactly(1, 4);
        assertThat(errors.get(0).message()).startsWith("'beans' may not be declared");
        assertThat(errors.get(1).message()).startsWith("'routeConfiguration' may not be declared");
    }

    @Test
    void should_leave_the_running_context_unchanged_when_validating() {
        // given
        int routes = hub.getRoutes().size();
        Set<String> endpoints = endpointUris();
        String valid = route("ext-valid", "platform-http:/api/v1/ext/valid", "        - to: direct:session-get\n");
        String invalid = route("ext-invalid", "direct:ext-invalid", "        - to: nosuch:x\n");

        // when
        validator.validate(valid, OPERATOR);
        catchThrowableOfType(RouteValidationException.class, () -> validator.validate(invalid,
                withScheme("nosuch")));

        // then
        assertThat(hub.getRoutes()).hasSize(routes);
        assertThat(hub.getRoute("ext-valid")).isNull();
        assertThat(endpointUris()).isEqualTo(endpoints);
        assertThat(hub.getRouteController().getRouteStatus("session-get").isStarted()).isTrue();
    }

    @Test
    void should_accept_a_new_version_when_the_route_id_is_owned_by_the_same_unit() throws Exception {
        hub.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:owned-route").routeId("owned-route").log("v1");
            }
        });
        try {
            RouteSource source = validator.validate(route("owned-route", "direct:owned-route",
                    "        - log: v2\n"), OPERATOR);

            assertThat(source.unitId()).isEqualTo("owned-route");
        } finally {
            hub.getRouteController().stopRoute("owned-route");
            hub.removeRoute("owned-route");
        }
    }

    @Test
    void should_return_templates_and_templated_routes_when_a_unit_defines_both() {
        String yaml = """
                - routeTemplate:
                    id: greeting
                    parameters:
                      - name: greeting
                        description: what to say
                    from:
                      uri: direct:greet-{{greeting}}
                      steps:
                        - setBody:
                            constant: "{{greeting}}"
                - templatedRoute:
                    routeTemplateRef: greeting
                    routeId: greeting-hello
                    parameters:
                      - name: greeting
                        value: hello
                """;

        RouteSource source = validator.validate(yaml, OPERATOR);

        assertThat(source.unitId()).isEqualTo("greeting");
        assertThat(source.templateIds()).containsExactly("greeting");
        assertThat(source.routeIds()).containsExactly("greeting-hello");
    }

    @Test
    void should_refuse_with_the_line_when_an_endpoint_option_is_unknown() {
        String yaml = route("bad-option", "direct:bad-option", """
                        - to:
                            uri: log:probe?levle=INFO
                """);

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(7);
            assertThat(e.message()).startsWith("Dry run:").contains("levle");
        });
    }

    @Test
    void should_refuse_with_the_line_when_a_route_configuration_does_not_exist() {
        String yaml = "- route:\n    id: no-config\n    routeConfigurationId: nowhere\n    from:\n"
                + "      uri: direct:no-config\n      steps:\n        - log: x\n";

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).containsExactly(new RouteError(3, 27,
                "Route configuration 'nowhere' does not exist (known: [ingress])"));
    }

    @Test
    void should_refuse_with_the_line_when_a_kamelet_does_not_exist() {
        String yaml = route("no-kamelet", "direct:no-kamelet", "        - to: kamelet:nosuch-sink\n");

        List<RouteError> errors = refusal(yaml, OPERATOR);

        assertThat(errors).containsExactly(new RouteError(6, 15,
                "Kamelet 'nosuch-sink' does not exist (kamelets/nosuch-sink.kamelet.yaml)"));
    }

    @Test
    void should_accept_a_new_version_of_a_template_when_the_unit_owns_it() {
        String yaml = """
                - routeTemplate:
                    id: owned-template
                    parameters:
                      - name: word
                        description: what to say
                    from:
                      uri: direct:owned-v2-{{word}}
                      steps:
                        - setBody:
                            constant: "v2 {{word}}"
                - templatedRoute:
                    routeTemplateRef: owned-template
                    routeId: owned-template-hello
                    parameters:
                      - name: word
                        value: hello
                """;

        RouteSource source = validator.validate(yaml, OPERATOR);

        assertThat(source.templateIds()).containsExactly("owned-template");
        assertThat(source.routeIds()).containsExactly("owned-template-hello");
    }

    /** Roles whose policy allows a scheme no component implements, so only the dry run can refuse it. */
    private static Set<String> withScheme(String scheme) {
        return Set.of("operator", "test-" + scheme);
    }

    private static Set<String> endpointUris() {
        Set<String> uris = new TreeSet<>();
        hub.getEndpoints().stream().map(Endpoint::getEndpointUri).forEach(uris::add);
        return uris;
    }
}
