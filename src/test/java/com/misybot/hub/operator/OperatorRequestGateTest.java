package com.misybot.hub.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The request gate: a swap waits for the requests in flight, and requests arriving during a swap wait for it. */
class OperatorRequestGateTest {

    private final OperatorRequestGate gate = new OperatorRequestGate(Set.of("/api/v1/ext/"));

    @Test
    void should_swap_only_after_the_request_in_flight_answered_and_hold_new_ones_until_done() throws Exception {
        // given: a request in flight on an operator path
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicLong answeredAt = new AtomicLong();
        Thread first = request("/api/v1/ext/echo", (req, res) -> {
            inFlight.countDown();
            await(finish);
            answeredAt.set(System.nanoTime());
        });
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

        // when: a swap starts, and a second request arrives while it runs
        AtomicLong swapStart = new AtomicLong();
        AtomicLong swapEnd = new AtomicLong();
        AtomicLong secondServedAt = new AtomicLong();
        Thread swap = new Thread(() -> gate.closedFor(Duration.ofSeconds(5), () -> {
            swapStart.set(System.nanoTime());
            Thread second = request("/api/v1/ext/echo", (req, res) -> secondServedAt.set(System.nanoTime()));
            sleep(200);
            swapEnd.set(System.nanoTime());
            return second;
        }));
        swap.start();
        sleep(100);
        finish.countDown();
        swap.join(5000);
        first.join(5000);
        sleep(300);

        // then: the swap began after the first answer, the second request was served after the swap
        assertThat(swapStart.get()).isGreaterThan(answeredAt.get());
        assertThat(secondServedAt.get()).isGreaterThan(swapEnd.get());
    }

    @Test
    void should_refuse_to_swap_when_requests_in_flight_do_not_finish_in_time() throws Exception {
        // given
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread first = request("/api/v1/ext/slow", (req, res) -> {
            inFlight.countDown();
            await(finish);
        });
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

        // when / then: 503 problem, and the swap never ran
        assertThatThrownBy(() -> gate.closedFor(Duration.ofMillis(100), () -> {
            throw new AssertionError("must not run");
        })).isInstanceOf(ProblemException.class).hasMessageContaining("still in flight");
        finish.countDown();
        first.join(5000);
    }

    @Test
    void should_not_hold_requests_to_platform_paths_when_a_swap_runs() throws Exception {
        // given: a swap in progress
        CountDownLatch swapping = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread swap = new Thread(() -> gate.closedFor(Duration.ofSeconds(5), () -> {
            swapping.countDown();
            await(done);
            return null;
        }));
        swap.start();
        assertThat(swapping.await(5, TimeUnit.SECONDS)).isTrue();

        // when: a request to a platform path
        CountDownLatch served = new CountDownLatch(1);
        request("/api/v1/sessions/s-1", (req, res) -> served.countDown());

        // then: served at once
        assertThat(served.await(2, TimeUnit.SECONDS)).isTrue();
        done.countDown();
        swap.join(5000);
    }

    private Thread request(String path, FilterChain chain) {
        Thread thread = new Thread(() -> {
            try {
                gate.doFilter(new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), chain);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        thread.start();
        return thread;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
