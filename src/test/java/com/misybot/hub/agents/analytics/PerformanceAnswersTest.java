package com.misybot.hub.agents.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** analytics-reporter's answer text from a user's posts. */
class PerformanceAnswersTest {

    @Test
    void should_sum_per_platform_and_name_the_best_posts_by_views() {
        // given: three posts, most viewed first (as the SQL orders them)
        List<PerformanceAnswers.Post> posts = List.of(
                new PerformanceAnswers.Post("tiktok", Instant.parse("2026-11-20T10:00:00Z"),
                        "30 second reel about our cold brew", 2000, 100, 40, 50),
                new PerformanceAnswers.Post("instagram", Instant.parse("2026-11-21T10:00:00Z"), "Carousel", 1000,
                        30, 10, 10),
                new PerformanceAnswers.Post("tiktok", Instant.parse("2026-11-22T10:00:00Z"), "Behind the scenes", 0,
                        0, 0, 0));
        // when
        String text = PerformanceAnswers.text(posts, Duration.ofDays(30), 2);
        // then: totals 3,000 views, 80 shares; CTR 60/3000 = 2.0 %, engagement (130+50)/3000 = 6.0 %
        assertThat(text).startsWith("Your 3 posts of the last 30 days: 3,000 views, 130 likes, 50 shares, 60 clicks "
                + "(CTR 2.0%, engagement 6.0%).");
        assertThat(text).contains("\n- instagram: 1,000 views").contains("\n- tiktok: 2,000 views");
        assertThat(text).contains("Best by views:\n- tiktok, 2026-11-20, \"30 second reel about our cold brew\": "
                + "2,000 views");
        assertThat(text).doesNotContain("Behind the scenes");
    }

    @Test
    void should_say_there_is_nothing_yet_when_the_user_published_nothing() {
        assertThat(PerformanceAnswers.text(List.of(), Duration.ofDays(7), 3))
                .startsWith("You have no published posts in the last 7 days");
    }
}
