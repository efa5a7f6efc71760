package com.misybot.hub.operator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;

/**
 * Every operator file in the repository passes what can be checked without a running hub: each
 * {@code routes/**}{@code /*.camel.yaml} parses, validates against Camel's YAML DSL schema and passes the hub's
 * route policy (as {@code superadmin}, the role files are imported with), with route ids unique across files; each
 * {@code kamelets/*.kamelet.yaml} passes the camel-kamelets rules. A failure names file, line, column and rule.
 */
class OperatorFilesTest {

    private static final Set<String> FILE_IMPORT_ROLES = Set.of("superadmin");
    private static final Pattern JAVA_TEMPLATE = Pattern.compile("routeTemplate\\(\"([^\"]+)\"\\)");

    @Test
    void should_pass_schema_and_policy_when_reading_every_route_file() throws IOException {
        List<Path> files = files(Path.of("routes"), ".camel.yaml", true);
        assertThat(files).as("operator routes under routes/").isNotEmpty();
        DslSchema schema = new DslSchema();
        RoutePolicy policy = new RoutePolicy(PolicyConfig.fromApplicationYaml(), OperatorFilesTest::catalogBeans,
                new KameletCatalog("file:kamelets,classpath:kamelets", OperatorFilesTest::javaTemplates));
        List<String> problems = new ArrayList<>();
        Map<String, String> idOwners = new HashMap<>();
        for (Path file : files) {
            try {
                YamlDocument doc = YamlDocument.parse(Files.readString(file));
                List<RouteError> errors = new ArrayList<>(schema.validate(doc));
                errors.addAll(policy.check(doc, FILE_IMPORT_ROLES));
                errors.forEach(e -> problems.add(describe(file, e)));
                for (UnitIds.Id id : UnitIds.of(doc).ids()) {
                    String other = id.id() == null ? null : idOwners.putIfAbsent(id.id(), file.toString());
                    if (other != null) {
                        problems.add(describe(file, doc.error(id.pointer(), "[ids] id '" + id.id()
                                + "' is also defined in " + other)));
                    }
                }
            } catch (RouteValidationException e) {
                e.errors().forEach(error -> problems.add(describe(file, error)));
            }
        }
        assertThat(problems).as("operator route files breaking a rule").isEmpty();
    }

    @Test
    void should_pass_the_camel_kamelets_rules_when_reading_every_kamelet_file() throws IOException {
        List<Path> files = files(Path.of("kamelets"), ".kamelet.yaml", false);
        assertThat(files).as("kamelets under kamelets/").isNotEmpty();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, Path> paths = new HashMap<>();
        for (Path file : files) {
            texts.put(file.getFileName().toString(), Files.readString(file));
            paths.put(file.getFileName().toString(), file);
        }
        List<String> problems = new ArrayList<>();
        new KameletRules().checkAll(texts).forEach((name, errors) ->
                errors.forEach(e -> problems.add(describe(paths.get(name), e))));
        assertThat(problems).as("kamelets breaking a camel-kamelets rule").isEmpty();
    }

    @Test
    void should_name_file_line_and_rule_when_a_kamelet_breaks_the_rules() {
        String yaml = """
                apiVersion: camel.apache.org/v1
                kind: Kamelet
                metadata:
                  name: broken-sink
                  labels:
                    camel.apache.org/kamelet.type: source
                spec:
                  definition:
                    title: Broken
                    type: object
                    properties:
                      token:
                        title: api token
                        type: string
                        format: password
                  template:
                    from:
                      uri: kamelet:source
                      steps:
                        - to: "https://example.com?key={{key}}"
                """;

        List<RouteError> errors = new KameletRules().check("other.kamelet.yaml", yaml);

        assertThat(errors).extracting(e -> e.line() + " " + e.message().substring(0, e.message().indexOf(']') + 1))
                .contains("4 [file-name]", "4 [name-suffix]", "3 [annotations]", "9 [title-suffix]",
                        "8 [definition]", "12 [property]", "13 [property-title]", "15 [credentials]",
                        "20 [parameters]");
        assertThat(errors).anySatisfy(e -> assertThat(e.message())
                .isEqualTo("[parameters] parameter 'token' is declared but never used in spec.template"));
    }

    private static String describe(Path file, RouteError e) {
        return file + ":" + e.line() + ":" + e.column() + ": " + e.message();
    }

    private static List<Path> files(Path folder, String suffix, boolean recursive) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listing = recursive ? Files.walk(folder) : Files.list(folder)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /** The processors catalog as Spring would register it: components of the processors package, by bean name. */
    private static Set<String> catalogBeans() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(true);
        AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
        SimpleBeanDefinitionRegistry registry = new SimpleBeanDefinitionRegistry();
        Set<String> beans = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(ProcessorCatalog.PACKAGE)) {
            beans.add(names.generateBeanName(candidate, registry));
        }
        return beans;
    }

    /** Route templates the platform defines in Java (kamelet: endpoints reach them): read from the sources. */
    private static Set<String> javaTemplates() {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = JAVA_TEMPLATE.matcher(Files.readString(source));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ids;
    }
}
