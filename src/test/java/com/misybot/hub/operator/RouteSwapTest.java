package com.misybot.hub.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * RouteSwap on a plain CamelContext: callers of a {@code direct:} route being swapped wait for the new consumer
 * (direct blocks up to its timeout when no consumer is there) instead of failing, and a version that does not
 * start leaves the previous one serving.
 */
class RouteSwapTest {

    private CamelContext camel;
    private RouteSwap swap;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        OperatorRoutesProperties properties = new OperatorRoutesProperties("routes", false, Duration.ofSeconds(3),
                "hub_route_change", Duration.ofSeconds(5), Duration.ofSeconds(5),
                new OperatorRoutesProperties.Activation(0.5, Duration.ofMinutes(2), 20));
        swap = new RouteSwap(camel, new OperatorRequestGate(Set.of()), properties,
                new PlatformHttpMappings(new StaticListableBeanFactory().getBeanProvider(
                        org.apache.camel.component.platform.http.springboot.CamelRequestHandlerMapping.class)));
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void should_fail_no_direct_call_when_the_consumer_is_swapped_while_called() throws Exception {
        // given: v1 serves direct:swap-unit, called back to back
        RouteVersion v1 = version(1, "one");
        RouteVersion v2 = version(2, "two");
        swap.swap(v1);
        AtomicInteger ok = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Set<String> answers = ConcurrentHashMap.newKeySet();
        ProducerTemplate producer = camel.createProducerTemplate();
        java.util.concurrent.atomic.AtomicBoolean calling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread caller = new Thread(() -> {
            while (calling.get() && failure.get() == null) {
                try {
                    answers.add(producer.requestBody("direct:swap-unit", "", String.class));
                    ok.incrementAndGet();
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            }
        });
        caller.start();

        // when (a swap with exchanges in flight waits for them: Camel's graceful stop polls once a second)
        for (int i = 0; i < 3; i++) {
            swap.swap(v2);
            swap.swap(v1);
        }
        calling.set(false);
        caller.join(10_000);

        // then
        assertThat(failure.get()).as("%s", failure.get() == null ? "" : RouteSwap.rootMessage(failure.get()))
                .isNull();
        assertThat(ok.get()).isPositive();
        assertThat(answers).contains("one");
        assertThat(swap.running("swap-unit")).hasValueSatisfying(r -> assertThat(r.version().version()).isEqualTo(1));
    }

    @Test
    void should_put_the_previous_version_back_when_the_new_one_does_not_start() {
        // given: v1 serves, another route already consumes direct:taken
        swap.swap(version(1, "one"));
        swap.swap(new RouteVersion("other-unit", 1, "sha-other", List.of("other-unit"), List.of(), "test",
                RouteVersion.Status.ACTIVE, "api", Instant.now(), null,
                "- route:\n    id: other-unit\n    from:\n      uri: direct:taken\n      steps:\n        - setBody:\n"
                        + "            constant: other\n"));
        RouteVersion clash = new RouteVersion("swap-unit", 2, "sha-2", List.of("swap-unit", "swap-unit-second"),
                List.of(), "test", RouteVersion.Status.CANDIDATE, "api", Instant.now(), null,
                yaml("two") + "- route:\n    id: swap-unit-second\n    from:\n      uri: direct:taken\n"
                        + "      steps:\n        - setBody:\n            constant: second\n");

        // when / then
        assertThatThrownBy(() -> swap.swap(clash)).isInstanceOf(RouteSwap.SwapFailedException.class)
                .hasMessageContaining("swap-unit v2 did not start");
        assertThat(camel.createProducerTemplate().requestBody("direct:swap-unit", "", String.class)).isEqualTo("one");
        assertThat(camel.getRoute("swap-unit-second")).isNull();
        assertThat(swap.running("swap-unit")).hasValueSatisfying(r -> assertThat(r.version().version()).isEqualTo(1));
        assertThat(camel.getRoutes().stream().filter(r -> r.getSourceResource() != null)
                .map(r -> r.getSourceResource().getLocation()))
                .contains("operator:swap-unit@v1.camel.yaml", "operator:other-unit@v1.camel.yaml");
    }

    @Test
    void should_leave_no_kamelet_route_behind_when_a_unit_using_a_kamelet_is_swapped() {
        // given: a unit whose route sends to a kamelet (the kamelet's own route is created with it)
        camel.getPropertiesComponent().addInitialProperty("camel.component.kamelet.location", "file:kamelets");
        String yaml = "- route:\n    id: kamelet-unit\n    from:\n      uri: direct:kamelet-unit\n      steps:\n"
                + "        - to:\n            uri: kamelet:social-publish-sink?url=http://127.0.0.1:9/posts\n";
        RouteVersion v1 = new RouteVersion("kamelet-unit", 1, "sha-k1", List.of("kamelet-unit"), List.of(), "test",
                RouteVersion.Status.CANDIDATE, "api", Instant.now(), null, yaml);
        RouteVersion v2 = new RouteVersion("kamelet-unit", 2, "sha-k2", List.of("kamelet-unit"), List.of(), "test",
                RouteVersion.Status.CANDIDATE, "api", Instant.now(), null, yaml.replace("/posts", "/posts2"));
        swap.swap(v1);
        int routes = camel.getRoutes().size();

        // when
        for (int i = 0; i < 3; i++) {
            swap.swap(v2);
            swap.swap(v1);
        }
        swap.remove("kamelet-unit");

        // then
        assertThat(routes).isGreaterThan(1);
        assertThat(camel.getRoutes()).isEmpty();
    }

    @Test
    void should_serve_a_version_when_a_precondition_leaves_some_of_its_routes_out_on_this_replica() {
        // given: a unit whose second route and templated route run only in a mode this replica is not in
        String only = "    precondition: \"'{{test.saga.mode:memory}}' == 'persistent'\"\n";
        String text = yaml("one")
                + "- route:\n    id: swap-unit-persistent\n" + only
                + "    from:\n      uri: direct:swap-unit-persistent\n      steps:\n        - log: persistent\n"
                + "- routeTemplate:\n    id: swap-unit-template\n    route:\n  " + only.replace("\n    ", "\n      ")
                + "      from:\n        uri: direct:swap-unit-templated\n        steps:\n          - log: templated\n"
                + "- templatedRoute:\n    routeTemplateRef: swap-unit-template\n    routeId: swap-unit-templated\n";
        RouteVersion version = new RouteVersion("swap-unit", 1, "sha-1", List.of("swap-unit", "swap-unit-persistent",
                "swap-unit-templated"), List.of("swap-unit-template"), "test", RouteVersion.Status.CANDIDATE, "file",
                Instant.now(), null, text);

        // when
        swap.swap(version);

        // then: it serves with the routes that run here; the ones left out are no failure
        assertThat(camel.createProducerTemplate().requestBody("direct:swap-unit", "", String.class)).isEqualTo("one");
        assertThat(camel.getRoute("swap-unit-persistent")).isNull();
        assertThat(camel.getRoute("swap-unit-templated")).isNull();
        assertThat(swap.running("swap-unit")).hasValueSatisfying(r -> assertThat(r.routeIds())
                .containsExactly("swap-unit"));
    }

    @Test
    void should_fail_the_swap_when_a_route_is_missing_although_its_precondition_holds() {
        // given: the precondition holds here, yet the version names a route its text does not define
        RouteVersion version = new RouteVersion("swap-unit", 1, "sha-1", List.of("swap-unit", "swap-unit-ghost"),
                List.of(), "test", RouteVersion.Status.CANDIDATE, "file", Instant.now(), null, yaml("one"));

        // when / then
        assertThatThrownBy(() -> swap.swap(version)).isInstanceOf(RouteSwap.SwapFailedException.class)
                .hasMessageContaining("route swap-unit-ghost was not created");
    }

    private static RouteVersion version(int n, String answer) {
        return new RouteVersion("swap-unit", n, "sha-" + n, List.of("swap-unit"), List.of(), "test",
                RouteVersion.Status.CANDIDATE, "api", Instant.now(), null, yaml(answer));
    }

    private static String yaml(String answer) {
        return "- route:\n    id: swap-unit\n    from:\n      uri: direct:swap-unit\n      steps:\n"
                + "        - setBody:\n            constant: " + answer + "\n";
    }
}
