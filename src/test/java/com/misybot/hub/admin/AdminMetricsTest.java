package com.misybot.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.misybot.hub.platform.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminMetricsTest {

    @Test
    void should_read_iso_and_short_windows_from_one_minute_to_seven_days() {
        assertThat(AdminMetrics.window(null)).isEqualTo(Duration.ofHours(1));
        assertThat(AdminMetrics.window(" ")).isEqualTo(Duration.ofHours(1));
        assertThat(AdminMetrics.window("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(AdminMetrics.window("24H")).isEqualTo(Duration.ofHours(24));
        assertThat(AdminMetrics.window("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(AdminMetrics.window("PT1M")).isEqualTo(Duration.ofMinutes(1));
        for (String bad : new String[] {"30s", "PT59S", "8d", "PT0S", "soon", "-1h", "P1Y"}) {
            assertThatThrownBy(() -> AdminMetrics.window(bad)).as(bad).isInstanceOf(ProblemException.class)
                    .hasMessageContaining("1 minute to 7 days");
        }
    }
}
