package com.misybot.hub.saga;

import com.misybot.hub.HubApplication;
import com.misybot.hub.support.LraCoordinator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.saga.CamelSagaService;
import org.apache.camel.service.lra.LRASagaService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Camel's LRA saga service ({@code hub.saga.mode=lra}) in the hub (embedded default, no external service) against
 * the real Narayana coordinator in-process ({@link LraCoordinator}): the coordinator's complete and compensate
 * callbacks reach the hub over HTTP, on Camel's participant routes (rest DSL on platform-http, so under the rest
 * context path {@code /api/v1}), which call the saga's completion and compensation endpoints.
 */
class LraSagaIT {

    private static final List<String> CALLBACKS = new CopyOnWriteArrayList<>();

    private static LraCoordinator coordinator;
    private static ConfigurableApplicationContext hub;
    private static long hubStartupMillis;

    @TempDir
    static Path dataDir;

    @BeforeAll
    static void start() throws IOException {
        coordinator = LraCoordinator.start();
        int port = freePort();
        long started = System.nanoTime();
        hub = new SpringApplicationBuilder(HubApplication.class, LraTestBeans.class).run(
                "--server.port=" + port,
                "--hub.embedded.data-dir=" + dataDir,
                "--camel.main.jmx-enabled=false",
                "--hub.saga.mode=lra",
                "--hub.saga.lra.coordinator-url=" + coordinator.baseUrl(),
                // the participant routes are rest DSL routes: served under camel.rest.context-path
                "--hub.saga.lra.local-participant-url=http://127.0.0.1:" + port + "/api/v1");
        hubStartupMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("coordinator started in %d ms, hub in %d ms%n", coordinator.startupMillis(),
                hubStartupMillis);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (coordinator != null) {
            coordinator.stop();
        }
    }

    @Test
    void the_saga_service_is_camels_lra_service() {
        assertThat(hub.getBean(CamelSagaService.class)).isInstanceOf(LRASagaService.class);
        assertThat(hub.getBeanNamesForType(PersistentSagaService.class)).isEmpty();
    }

    @Test
    void a_saga_that_succeeds_is_closed_and_the_coordinator_calls_its_completion_in_the_hub() throws Exception {
        // when
        hub.getBean(ProducerTemplate.class).sendBodyAndHeader("direct:lra-it-saga", "ok", "step", "ok-1");

        // then: the coordinator called PUT /api/v1/lra-participant/complete (Camel's route lra-completion), which
        // ran direct:lra-it-complete
        await().atMost(Duration.ofSeconds(20)).until(() -> CALLBACKS.contains("complete ok-1 via lra-completion"));
        assertThat(CALLBACKS).noneMatch(c -> c.startsWith("compensate ok-1"));
        assertThat(activeLras()).doesNotContain("Active");
    }

    @Test
    void a_saga_that_fails_is_cancelled_and_the_coordinator_calls_its_compensation_in_the_hub() throws Exception {
        // when
        assertThatThrownBy(() -> hub.getBean(ProducerTemplate.class)
                .sendBodyAndHeader("direct:lra-it-saga", "fail", "step", "fail-1"))
                .isInstanceOf(CamelExecutionException.class);

        // then
        await().atMost(Duration.ofSeconds(20))
                .until(() -> CALLBACKS.contains("compensate fail-1 via lra-compensation"));
        assertThat(CALLBACKS).noneMatch(c -> c.startsWith("complete fail-1"));
    }

    private static String activeLras() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(coordinator.coordinatorUrl()))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Test-only beans, given to the application as a source (not annotated, so the hub's component scan of the test
     * classes does not pick them up in other tests).
     */
    static class LraTestBeans {

        @Bean
        RouteBuilder lraItRoutes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:lra-it-saga").routeId("lra-it-saga")
                            .saga()
                                .compensation("direct:lra-it-compensate")
                                .completion("direct:lra-it-complete")
                                .option("step", header("step"))
                            .choice()
                                .when(body().isEqualTo("fail")).throwException(new IllegalStateException("step failed"))
                            .end();
                    from("direct:lra-it-complete").routeId("lra-it-complete")
                            .process(e -> CALLBACKS.add("complete " + e.getMessage().getHeader("step") + " via "
                                    + e.getFromRouteId()));
                    from("direct:lra-it-compensate").routeId("lra-it-compensate")
                            .process(e -> CALLBACKS.add("compensate " + e.getMessage().getHeader("step") + " via "
                                    + e.getFromRouteId()));
                }
            };
        }
    }
}
