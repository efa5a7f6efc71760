package com.misybot.hub.agents.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CampaignRoundsTest {

    @Test
    void should_schedule_a_variants_posting_hour_at_its_next_occurrence_in_utc() {
        // given
        Instant morning = Instant.parse("2026-11-29T09:30:00Z");
        // when / then: later the same day, the next day once passed, never the instant itself
        assertThat(CampaignRounds.nextHour(morning, 18)).isEqualTo(Instant.parse("2026-11-29T18:00:00Z"));
        assertThat(CampaignRounds.nextHour(morning, 9)).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(CampaignRounds.nextHour(Instant.parse("2026-11-29T18:00:00Z"), 18))
                .isEqualTo(Instant.parse("2026-11-30T18:00:00Z"));
        assertThat(CampaignRounds.nextHour(Instant.parse("2026-12-31T23:10:00Z"), 0))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void should_tell_a_user_without_campaigns_how_to_start_one() {
        assertThat(CampaignAnswers.text(java.util.List.of())).contains("no campaigns yet")
                .contains("POST /api/v1/campaigns");
    }
}
