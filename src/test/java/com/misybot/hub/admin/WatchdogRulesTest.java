package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When each kind of watchdog rule holds, from what it saw now and at the last evaluation. */
class WatchdogRulesTest {

    private static AlertsConfig.Rule rule(String when, double threshold, long minCount) {
        return new AlertsConfig.Rule("r", when, threshold, minCount, 1, "alert", "warning", null);
    }

    private static Watchdog.Observed observed(long backlog, long completed, long dead, long count1m, double errors,
                                              long count5m, Long p95, List<String> down) {
        return new Watchdog.Observed(backlog, completed, dead, count1m, errors, count5m, p95, down);
    }

    @Test
    void should_call_an_agent_stalled_only_when_its_backlog_waits_and_nothing_finished() {
        Watchdog.Seen before = seen(10, 100, 0);
        AlertsConfig.Rule stalled = rule("stalled", 0, 1);
        assertThat(Watchdog.breach(stalled, observed(12, 100, 0, 0, 0, 0, null, List.of()), before))
                .contains("12 message(s) waiting");
        // something finished, the backlog shrank, or nothing waits: not stalled
        assertThat(Watchdog.breach(stalled, observed(12, 101, 0, 1, 0, 1, 5L, List.of()), before)).isNull();
        assertThat(Watchdog.breach(stalled, observed(9, 100, 0, 0, 0, 0, null, List.of()), before)).isNull();
        assertThat(Watchdog.breach(stalled, observed(0, 100, 0, 0, 0, 0, null, List.of()), before)).isNull();
        // the first evaluation has nothing to compare with
        assertThat(Watchdog.breach(stalled, observed(12, 100, 0, 0, 0, 0, null, List.of()), seen(-1, -1, -1)))
                .isNull();
    }

    @Test
    void should_judge_error_rate_dead_letters_latency_and_routes_against_their_thresholds() {
        Watchdog.Seen before = seen(0, 0, 3);
        assertThat(Watchdog.breach(rule("error-rate", 0.5, 10), observed(0, 0, 3, 20, 0.6, 20, 5L, List.of()),
                before)).contains("60% of 20");
        assertThat(Watchdog.breach(rule("error-rate", 0.5, 10), observed(0, 0, 3, 5, 1.0, 5, 5L, List.of()),
                before)).as("too few exchanges to judge").isNull();
        assertThat(Watchdog.breach(rule("dead-letters", 0, 1), observed(0, 0, 5, 0, 0, 0, null, List.of()),
                before)).isEqualTo("dead letters grew from 3 to 5");
        assertThat(Watchdog.breach(rule("dead-letters", 0, 1), observed(0, 0, 3, 0, 0, 0, null, List.of()),
                before)).isNull();
        assertThat(Watchdog.breach(rule("p95", 1000, 10), observed(0, 0, 3, 0, 0, 50, 1500L, List.of()),
                before)).contains("1500 ms");
        assertThat(Watchdog.breach(rule("route-down", 0, 1), observed(0, 0, 3, 0, 0, 0, null,
                List.of("bus-local-in-faq-responder is Stopped")), before)).contains("Stopped");
        assertThat(Watchdog.breach(rule("route-down", 0, 1), observed(0, 0, 3, 0, 0, 0, null, List.of()),
                before)).isNull();
    }

    private static Watchdog.Seen seen(long backlog, long completed, long dead) {
        return new Watchdog.Seen(backlog, completed, dead);
    }
}
