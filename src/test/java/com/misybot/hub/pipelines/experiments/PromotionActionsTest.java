package com.misybot.hub.pipelines.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.operator.RouteRegistry;
import com.misybot.hub.operator.RouteVersion;
import com.misybot.hub.platform.ProblemException;
import com.misybot.hub.platform.ProblemType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** A promotion of a route-version variant activates it through the RouteRegistry; a rollback restores the previous. */
class PromotionActionsTest {

    private static final ExperimentDefinition.Variant CONTROL = new ExperimentDefinition.Variant("v1", 1, true, null,
            new ExperimentDefinition.RouteRef("viral-script", 1));
    private static final ExperimentDefinition.Variant CANDIDATE = new ExperimentDefinition.Variant("v2", 1, false,
            null, new ExperimentDefinition.RouteRef("viral-script", 2));
    private static final ExperimentDefinition ROUTE_EXPERIMENT = new ExperimentDefinition("routes", "viralization",
            "ctr", null, 100, 0.05, List.of(CONTROL, CANDIDATE));

    @Test
    void should_refuse_route_version_variants_with_422_when_no_registry_runs() {
        PromotionActions actions = new PromotionActions(new DefaultListableBeanFactory()
                .getBeanProvider(RouteRegistry.class), noSideBySide());
        assertThatThrownBy(() -> actions.checkRunnable(ROUTE_EXPERIMENT)).isInstanceOfSatisfying(
                ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UNPROCESSABLE));
    }

    @Test
    void should_refuse_a_route_version_the_registry_does_not_have() {
        FakeRegistry registry = new FakeRegistry(1);
        ExperimentDefinition missing = new ExperimentDefinition("routes", "viralization", "ctr", null, 100, 0.05,
                List.of(CONTROL, new ExperimentDefinition.Variant("v9", 1, false, null,
                        new ExperimentDefinition.RouteRef("viral-script", 9))));
        assertThatThrownBy(() -> actions(registry).checkRunnable(missing)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("no version 9");
    }

    @Test
    void should_activate_the_winner_and_roll_back_to_the_version_that_served_before() {
        // given: version 1 serves
        FakeRegistry registry = new FakeRegistry(1);
        PromotionActions actions = actions(registry);
        actions.checkRunnable(ROUTE_EXPERIMENT);

        // when: v2 is promoted, then rolled back
        Map<String, Object> plan = actions.plan(CANDIDATE);
        actions.promote(plan);
        int afterPromotion = registry.active;
        actions.rollback(plan, "operator-1");

        // then
        assertThat(plan).containsEntry("kind", "routeVersion").containsEntry("previousVersion", 1)
                .containsEntry("version", 2);
        assertThat(afterPromotion).isEqualTo(2);
        assertThat(registry.active).isEqualTo(1);
        assertThat(registry.calls).containsExactly("activate viral-script 2 by system:experiments",
                "rollback viral-script 1 by operator-1");
    }

    @Test
    void should_change_no_route_when_a_parameters_variant_is_promoted() {
        FakeRegistry registry = new FakeRegistry(1);
        PromotionActions actions = actions(registry);
        ExperimentDefinition.Variant bold = new ExperimentDefinition.Variant("bold", 1, false, Map.of("tone", "bold"),
                null);

        Map<String, Object> plan = actions.plan(bold);
        actions.promote(plan);
        actions.rollback(plan, "operator-1");

        assertThat(plan).containsEntry("kind", "parameters").containsEntry("parameters", Map.of("tone", "bold"));
        assertThat(registry.calls).isEmpty();
    }

    private static PromotionActions actions(RouteRegistry registry) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("routeRegistry", registry);
        return new PromotionActions(beans.getBeanProvider(RouteRegistry.class), noSideBySide());
    }

    /** One route with versions 1 and 2; records the calls. */
    private static final class FakeRegistry implements RouteRegistry {

        int active;
        final List<String> calls = new ArrayList<>();

        FakeRegistry(int active) {
            this.active = active;
        }

        @Override
        public RouteVersion submit(String yaml, String author, Set<String> roles, String source) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RouteVersion activate(String routeId, int version, String author) {
            calls.add("activate " + routeId + " " + version + " by " + author);
            active = version;
            return version(routeId, version, RouteVersion.Status.ACTIVE);
        }

        @Override
        public RouteVersion rollback(String routeId, Integer version, String author) {
            calls.add("rollback " + routeId + " " + version + " by " + author);
            active = version;
            return version(routeId, version, RouteVersion.Status.ACTIVE);
        }

        @Override
        public void retire(String routeId, String author) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<RouteVersion> versions(String routeId) {
            return List.of(version(routeId, 1, RouteVersion.Status.RETIRED), version(routeId, 2,
                    RouteVersion.Status.CANDIDATE));
        }

        @Override
        public Optional<RouteVersion> active(String routeId) {
            return Optional.of(version(routeId, active, RouteVersion.Status.ACTIVE));
        }

        @Override
        public List<RouteVersion> units() {
            return List.of();
        }

        private static RouteVersion version(String routeId, int version, RouteVersion.Status status) {
            return new RouteVersion(routeId, version, "sha", List.of(routeId), List.of(), "test", status, "test",
                    Instant.EPOCH, null, "- route: {}");
        }
    }

    /** Without the operator route registry nothing is served side by side (RouteVersionVariantsIT covers it). */
    private static RouteVersionVariants noSideBySide() {
        return new RouteVersionVariants(new DefaultListableBeanFactory()
                .getBeanProvider(com.misybot.hub.operator.OperatorRouteRegistry.class), null, null);
    }
}
