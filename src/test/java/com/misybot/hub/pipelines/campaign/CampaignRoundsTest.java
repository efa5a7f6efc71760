package com.misybot.hub.pipelines.campaign;

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

    @Test
    void should_sum_up_each_variant_of_a_users_campaign() {
        // given: a running campaign, one variant without views, one with 2,000 views at 4 % CTR
        CampaignViews.View view = new CampaignViews.View("c", "cold brew launch", "u", "running", "ctr", "brief", null,
                null, Instant.EPOCH, Instant.EPOCH, 600, 3, Instant.EPOCH, null, java.util.Map.of("launched", 5L),
                java.util.List.of(new CampaignViews.Arm("question", null, 1, 0.2, 0, 0, null, 0.5, 0.02),
                        new CampaignViews.Arm("claim", null, 4, 0.8, 2000, 80, 0.04, 0.04, 0.98)),
                new CampaignViews.Budget(2000L, 200L, null, 600, 1400L, java.util.Map.of()), java.util.List.of(),
                java.util.List.of(), java.util.List.of());
        // when
        String text = CampaignAnswers.text(java.util.List.of(view));
        // then
        assertThat(text).isEqualTo("Your campaign:\n- \"cold brew launch\": running, 3 rounds, 5 runs; question: 1 run, "
                + "no views yet, 2% likely best; claim: 4 runs, 4.00% CTR over 2,000 views, 98% likely best; boost spent "
                + "6.00 of 20.00.");
    }
}
