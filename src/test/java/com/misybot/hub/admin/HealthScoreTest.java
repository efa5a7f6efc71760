package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthScoreTest {

    private final HealthScore health = new HealthScore(10_000);

    private static HealthScore.Inputs quiet() {
        return new HealthScore.Inputs(false, false, 0, null, 0, 0, 2, 0, 0);
    }

    @Test
    void should_score_100_and_idle_when_nothing_waits_and_nothing_failed() {
        assertThat(health.score(quiet())).isEqualTo(100);
        assertThat(health.status(quiet(), 100)).isEqualTo("idle");
    }

    @Test
    void should_take_each_penalty_the_formula_states() {
        // a quarter of the exchanges failed: −12.5, rounded
        var errors = new HealthScore.Inputs(false, false, 0.25, 1_000L, 0, 0, 2, 40, 0);
        assertThat(health.score(errors)).isEqualTo(88);
        assertThat(health.status(errors, 88)).isEqualTo("running");
        // p95 at 1.5 × the SLO: −10; at 3 × the SLO the penalty stops at −20
        assertThat(health.score(new HealthScore.Inputs(false, false, 0, 15_000L, 0, 0, 2, 1, 0))).isEqualTo(90);
        assertThat(health.score(new HealthScore.Inputs(false, false, 0, 30_000L, 0, 0, 2, 1, 0))).isEqualTo(80);
        // dead letters waiting: −15
        assertThat(health.score(new HealthScore.Inputs(false, false, 0, null, 3, 0, 2, 0, 0))).isEqualTo(85);
        // stalled: messages ready and nothing done for a minute (a consumer is blocked): −30, degraded
        var stalled = new HealthScore.Inputs(false, false, 0, null, 0, 12, 2, 0, 2);
        assertThat(health.score(stalled)).isEqualTo(70);
        var stalledAndFailing = new HealthScore.Inputs(false, false, 0.5, null, 1, 12, 0, 0, 0);
        assertThat(health.score(stalledAndFailing)).isEqualTo(30);
        assertThat(health.status(stalledAndFailing, 30)).isEqualTo("degraded");
    }

    @Test
    void should_not_penalize_the_queue_an_operator_left_waiting_by_pausing() {
        var paused = new HealthScore.Inputs(true, true, 0, null, 0, 500, 0, 0, 0);
        assertThat(health.score(paused)).isEqualTo(100);
        assertThat(health.status(paused, 100)).isEqualTo("paused");
    }

    @Test
    void should_score_0_and_fail_when_a_route_is_down_that_nobody_stopped() {
        var down = new HealthScore.Inputs(false, true, 0, null, 0, 0, 0, 0, 0);
        assertThat(health.score(down)).isZero();
        assertThat(health.status(down, 0)).isEqualTo("failed");
    }
}
