package com.misybot.hub.agents.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The KPI formulas of one row, and the reading of from and to. */
class KpisTest {

    @Test
    void should_derive_rates_cost_per_task_and_spread_velocity_from_the_sums() {
        // when: 8 tasks (6 ok), 4 runs (3 ok), $0.02 over 5 LLM calls, 2,000 views, 60 likes, 20 shares, 50 clicks, 24 h
        Kpis.Row row = Kpis.row("tiktok", 6, 2, 3, 1, 5, new BigDecimal("0.02"), 2000, 60, 20, 50, 24);
        // then
        assertThat(row.tasks()).isEqualTo(8);
        assertThat(row.taskSuccessRate()).isEqualTo(0.75);
        assertThat(row.runs()).isEqualTo(4);
        assertThat(row.runSuccessRate()).isEqualTo(0.75);
        assertThat(row.llmCostPerTaskUsd()).isEqualByComparingTo("0.0025");
        assertThat(row.ctr()).isEqualTo(0.025);
        assertThat(row.engagementRate()).isEqualTo(0.04);
        assertThat(row.sharesPerHour()).isEqualTo(20.0 / 24);
    }

    @Test
    void should_leave_a_rate_null_when_there_is_nothing_to_divide_by() {
        // when
        Kpis.Row row = Kpis.row("all", 0, 0, 0, 0, 2, new BigDecimal("0.004"), 0, 0, 0, 0, 24);
        // then
        assertThat(row.taskSuccessRate()).isNull();
        assertThat(row.runSuccessRate()).isNull();
        assertThat(row.llmCostPerTaskUsd()).isNull();
        assertThat(row.ctr()).isNull();
        assertThat(row.engagementRate()).isNull();
        assertThat(row.llmCostUsd()).isEqualByComparingTo("0.004");
    }

    @Test
    void should_read_dates_and_instants_rounded_down_to_the_hour_and_refuse_anything_else() {
        assertThat(Kpis.instant("2026-11-28", "from")).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(Kpis.instant(" 2026-11-28T09:41:13Z ", "to")).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
        assertThatThrownBy(() -> Kpis.instant("28/11/2026", "from")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("from must be a date");
    }
}
