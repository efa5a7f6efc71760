package com.misybot.hub.saga;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.misybot.hub.support.LraCoordinator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Narayana LRA coordinator in-process (no Spring): start, status, list, close, cancel, JSON answers and
 * participant callbacks.
 */
class LraCoordinatorTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LraCoordinator coordinator;

    @BeforeAll
    static void startCoordinator() {
        coordinator = LraCoordinator.start();
        System.out.printf("LRA coordinator at %s started in %d ms, object store %s%n", coordinator.coordinatorUrl(),
                coordinator.startupMillis(), LraCoordinator.objectStore());
    }

    @AfterAll
    static void stopCoordinator() {
        if (coordinator != null) {
            coordinator.stop();
        }
    }

    @Test
    void startsListsAndClosesAnLra() throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(
                URI.create(coordinator.coordinatorUrl() + "/start?ClientID=lra-coordinator-test")).POST(empty()));
        assertThat(started.statusCode()).isEqualTo(201);
        String lra = started.body();
        assertThat(lra).startsWith(coordinator.coordinatorUrl() + "/");
        assertThat(started.headers().firstValue("Location")).hasValue(lra);

        assertThat(send(HttpRequest.newBuilder(URI.create(lra + "/status")).GET()).body()).isEqualTo("Active");
        HttpResponse<String> all = send(HttpRequest.newBuilder(URI.create(coordinator.coordinatorUrl())).GET());
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains(lra, "lra-coordinator-test");

        HttpResponse<String> closed = send(HttpRequest.newBuilder(URI.create(lra + "/close")).PUT(empty()));
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.body()).isEqualTo("Closed");
        // an LRA without participants is forgotten once it has closed
        assertThat(send(HttpRequest.newBuilder(URI.create(lra + "/status")).GET()).statusCode()).isEqualTo(404);
        assertThat(Files.isDirectory(LraCoordinator.objectStore())).isTrue();
    }

    @Test
    void answersInJsonWhenAskedTo() throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(
                URI.create(coordinator.coordinatorUrl() + "/start?ClientID=json")).header("Accept", "application/json")
                .POST(empty()));
        // in JSON the coordinator answers 200 (not 201) with {"lraId": ...}
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String lra = new ObjectMapper().readTree(started.body()).path("lraId").asText();
        assertThat(lra).startsWith(coordinator.coordinatorUrl() + "/");
        HttpResponse<String> info = send(HttpRequest.newBuilder(URI.create(lra)).GET());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.body()).contains("\"clientId\":\"json\"", "\"status\":\"Active\"");
        assertThat(send(HttpRequest.newBuilder(URI.create(lra + "/cancel")).PUT(empty())).body())
                .isEqualTo("Cancelled");
    }

    @Test
    void callsTheParticipantsBackOnCloseAndOnCancel() throws Exception {
        List<String> callbacks = new CopyOnWriteArrayList<>();
        HttpServer participant = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        participant.createContext("/participant", exchange -> {
            callbacks.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Long-Running-Action"));
            byte[] body = (exchange.getRequestURI().getPath().endsWith("/complete") ? "Completed" : "Compensated")
                    .getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        participant.start();
        try {
            String base = "http://127.0.0.1:" + participant.getAddress().getPort() + "/participant";

            String closing = startLra("closing");
            join(closing, base);
            HttpResponse<String> closed = send(HttpRequest.newBuilder(URI.create(closing + "/close")).PUT(empty()));
            assertThat(closed.statusCode()).isEqualTo(200);
            assertThat(closed.body()).isEqualTo("Closed");

            String cancelling = startLra("cancelling");
            join(cancelling, base);
            HttpResponse<String> cancelled = send(HttpRequest.newBuilder(URI.create(cancelling + "/cancel"))
                    .PUT(empty()));
            assertThat(cancelled.statusCode()).isEqualTo(200);
            assertThat(cancelled.body()).isEqualTo("Cancelled");

            assertThat(callbacks).containsExactly("PUT /participant/complete " + closing,
                    "PUT /participant/compensate " + cancelling);
        } finally {
            participant.stop(0);
        }
    }

    private static String startLra(String clientId) throws IOException, InterruptedException {
        HttpResponse<String> started = send(HttpRequest.newBuilder(
                URI.create(coordinator.coordinatorUrl() + "/start?ClientID=" + clientId)).POST(empty()));
        assertThat(started.statusCode()).isEqualTo(201);
        return started.body();
    }

    /** Joins like Camel's LRAClient: PUT on the LRA with the participant's links in the Link header and body. */
    private static void join(String lra, String participant) throws IOException, InterruptedException {
        String link = "<" + participant + "/compensate>; rel=compensate,<" + participant + "/complete>; rel=complete";
        HttpResponse<String> joined = send(HttpRequest.newBuilder(URI.create(lra))
                .header("Link", link).header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(link)));
        assertThat(joined.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.BodyPublisher empty() {
        return HttpRequest.BodyPublishers.noBody();
    }
}
