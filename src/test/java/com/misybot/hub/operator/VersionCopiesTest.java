package com.misybot.hub.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionCopiesTest {

    private static RouteVersion version(String unit, int n, String yaml, List<String> routeIds,
                                        List<String> templateIds) {
        return new RouteVersion(unit, n, "sha", routeIds, templateIds, "op-1", RouteVersion.Status.CANDIDATE,
                "api", Instant.now(), null, yaml);
    }

    @Test
    void should_rename_the_units_ids_and_own_endpoints_and_nothing_else_when_copying_the_pipeline() throws Exception {
        // given: the shipped viralization pipeline
        String yaml = Files.readString(Path.of("routes/pipelines/viralization.camel.yaml"));
        assertThat(VersionCopies.whyNotCopyable(yaml)).isNull();

        // when
        RouteVersion copy = VersionCopies.copy(version("viralization", 2, yaml,
                List.of("viralization-begin", "viral-script", "viral-script-compensate"),
                List.of("viralization-saga", "viralization-worker")));

        // then: ids, templates, entries and compensations carry --v2; kamelets and other units' endpoints do not
        assertThat(copy.routeId()).isEqualTo("viralization--v2");
        assertThat(VersionCopies.isCopy(copy.routeId())).isTrue();
        assertThat(VersionCopies.isCopy("viralization")).isFalse();
        assertThat(copy.routeIds()).containsExactly("viralization-begin--v2", "viral-script--v2",
                "viral-script-compensate--v2");
        assertThat(copy.templateIds()).containsExactly("viralization-saga--v2", "viralization-worker--v2");
        assertThat(copy.yaml())
                .contains("uri: direct:viralization-begin--v2", "uri: seda:viralization-run--v2",
                        "compensation: direct:viral-script-compensate--v2", "uri: direct:viral-policy--v2",
                        "routeTemplateRef: viralization-saga--v2", "routeId: viralization-begin--v2",
                        "id: viral-artifacts--v2", "uri: kamelet:context-snapshot-action",
                        "uri: kamelet:run-artifacts-action", "uri: saga:complete")
                .doesNotContain("uri: direct:viralization-begin\n", "compensation: direct:viral-script-compensate\n",
                        "kamelet:context-snapshot-action--v2");
        // the copy is again a copyable unit (a copy of a copy would only add a suffix)
        assertThat(VersionCopies.whyNotCopyable(copy.yaml())).isNull();
        assertThat(copy.sha256()).hasSize(64);
    }

    @Test
    void should_refuse_units_whose_consumers_cannot_run_twice() throws Exception {
        String agent = Files.readString(Path.of("routes/agents/faq-responder.camel.yaml"));
        assertThat(VersionCopies.whyNotCopyable(agent)).contains("consumes from kamelet:agent-bus-source");
        assertThat(VersionCopies.whyNotCopyable("""
                - route:
                    id: ext-hello
                    from:
                      uri: platform-http:/api/v1/ext/hello
                      steps:
                        - setBody:
                            constant: hi
                """)).contains("platform-http:/api/v1/ext/hello");
        assertThat(VersionCopies.whyNotCopyable("""
                - routeConfiguration:
                    id: mine
                """)).contains("'routeConfiguration'");
    }

    @Test
    void should_rename_a_template_of_another_unit_never() {
        String yaml = """
                - templatedRoute:
                    routeTemplateRef: shared-template
                    routeId: mine
                - route:
                    id: caller
                    from:
                      uri: direct:caller
                      steps:
                        - to:
                            uri: direct:elsewhere
                        - toD:
                            uri: "direct:caller?timeout=5000"
                """;
        RouteVersion copy = VersionCopies.copy(version("u", 3, yaml, List.of("mine", "caller"), List.of()));
        assertThat(copy.yaml()).contains("routeTemplateRef: shared-template", "routeId: mine--v3",
                "uri: direct:elsewhere", "direct:caller--v3?timeout=5000", "id: caller--v3");
    }
}
